<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About MPRO Desktop</source>
        <translation>Om MPRO Desktop</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation>PySide6</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datamapp</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Loggfil</translation>
    </message>
    <message>
        <source>Qt and PySide6 are used under the GNU Lesser General Public License version 3 (LGPLv3): %1</source>
        <translation>Qt och PySide6 används enligt GNU Lesser General Public License version 3 (LGPLv3): %1</translation>
    </message>
    <message>
        <source>MPRO Desktop</source>
        <translation>MPRO Desktop</translation>
    </message>
    <message>
        <source>Fleet manager for light commercial vans.</source>
        <translation>Fleethantering för lätta transportbilar.</translation>
    </message>
    <message>
        <source>About Qt…</source>
        <translation>Om Qt…</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Om Qt</translation>
    </message>
</context>
<context>
    <name>AddVehicleDialog</name>
    <message>
        <source>Enter the 17-character VIN (vehicle identification number).</source>
        <translation>Ange fordonets VIN (chassinummer), 17 tecken.</translation>
    </message>
    <message>
        <source>%1 of 17 characters entered.</source>
        <translation>%1 av 17 tecken angivna.</translation>
    </message>
    <message>
        <source>A VIN has exactly 17 characters; this one has %1.</source>
        <translation>Ett VIN har exakt 17 tecken; detta har %1.</translation>
    </message>
    <message>
        <source>VINs never contain I, O or Q (position %1): did you mean 1 or 0?</source>
        <translation>Ett VIN innehåller aldrig I, O eller Q (position %1). Menade du 1 eller 0?</translation>
    </message>
    <message>
        <source>Only letters and digits are allowed (position %1).</source>
        <translation>Endast bokstäver och siffror är tillåtna (position %1).</translation>
    </message>
    <message>
        <source>The VIN looks right.</source>
        <translation>VIN ser korrekt ut.</translation>
    </message>
    <message>
        <source>Add vehicle</source>
        <translation>Lägg till fordon</translation>
    </message>
    <message>
        <source>e.g. W1V9076351P123456</source>
        <translation>t.ex. W1V9076351P123456</translation>
    </message>
    <message>
        <source>Optional, e.g. Van 26</source>
        <translation>Valfritt, t.ex. Transportbil 26</translation>
    </message>
    <message>
        <source>Optional, e.g. ABC 123</source>
        <translation>Valfritt, t.ex. ABC 123</translation>
    </message>
    <message>
        <source>Diesel</source>
        <translation>Diesel</translation>
    </message>
    <message>
        <source>Electric (eVan)</source>
        <translation>El (eVan)</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Licence plate</source>
        <translation>Registreringsnummer</translation>
    </message>
    <message>
        <source>Fuel type</source>
        <translation>Drivmedel</translation>
    </message>
</context>
<context>
    <name>ConflictTableModel</name>
    <message>
        <source>Add vehicle</source>
        <translation>Lägg till fordon</translation>
    </message>
    <message>
        <source>Edit vehicle</source>
        <translation>Ändra fordon</translation>
    </message>
    <message>
        <source>Remove vehicle</source>
        <translation>Ta bort fordon</translation>
    </message>
    <message>
        <source>This VIN is active in another company account. Ask the previous owner or your dealer to remove it there first.</source>
        <translation>Detta VIN är aktivt i ett annat företagskonto. Be den tidigare ägaren eller din återförsäljare att först ta bort det där.</translation>
    </message>
    <message>
        <source>This VIN is already in your vehicle list.</source>
        <translation>Detta VIN finns redan i din fordonslista.</translation>
    </message>
    <message>
        <source>The vehicle this change refers to was not added.</source>
        <translation>Fordonet som ändringen gäller har inte lagts till.</translation>
    </message>
    <message>
        <source>The vehicle no longer exists on the portal.</source>
        <translation>Fordonet finns inte längre i portalen.</translation>
    </message>
    <message>
        <source>Someone else changed this vehicle at the same time.</source>
        <translation>Någon annan ändrade fordonet samtidigt.</translation>
    </message>
    <message>
        <source>The portal refused the change.</source>
        <translation>Portalen avvisade ändringen.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Tidpunkt</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Ändring</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Avvisad</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Orsak</translation>
    </message>
</context>
<context>
    <name>ConflictsPane</name>
    <message>
        <source>Conflicts</source>
        <translation>Konflikter</translation>
    </message>
    <message>
        <source>Changes made here that the portal did not accept. Nothing is decided for you: compare your version with the portal&apos;s and choose.</source>
        <translation>Ändringar gjorda här som portalen inte godtog. Ingenting avgörs åt dig: jämför din version med portalens och välj.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Fält</translation>
    </message>
    <message>
        <source>Send your change again, on top of the portal&apos;s version</source>
        <translation>Skicka din ändring igen, ovanpå portalens version</translation>
    </message>
    <message>
        <source>Your version</source>
        <translation>Din version</translation>
    </message>
    <message>
        <source>Changes not accepted</source>
        <translation>Ändringar som inte godtogs</translation>
    </message>
    <message>
        <source>Your version and the portal&apos;s</source>
        <translation>Din version och portalens</translation>
    </message>
    <message>
        <source>Portal version</source>
        <translation>Portalens version</translation>
    </message>
    <message>
        <source>Keep my version</source>
        <translation>Behåll min version</translation>
    </message>
    <message>
        <source>Use portal version</source>
        <translation>Använd portalens version</translation>
    </message>
    <message>
        <source>Accept the portal&apos;s version</source>
        <translation>Godta portalens version</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>Inga öppna konflikter.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Licence plate</source>
        <translation>Registreringsnummer</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Avfärda</translation>
    </message>
</context>
<context>
    <name>DashboardPane</name>
    <message>
        <source>Dashboard</source>
        <translation>Översikt</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Driving now</source>
        <translation>Kör just nu</translation>
    </message>
    <message>
        <source>Diesel</source>
        <translation>Diesel</translation>
    </message>
    <message>
        <source>Electric</source>
        <translation>El</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Användare</translation>
    </message>
    <message>
        <source>Changes waiting to upload</source>
        <translation>Ändringar som väntar på uppladdning</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>No products yet.</source>
        <translation>Inga produkter ännu.</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>MPRO Desktop help</source>
        <translation>Hjälp för MPRO Desktop</translation>
    </message>
    <message>
        <source>Choose an area on the left. Everything you change is kept on this computer first and sent to the portal when it can be reached, so you can work offline. Changes the portal does not accept wait for you under Conflicts. For the support line, choose Help → Support and contacts.</source>
        <translation>Välj ett område till vänster. Allt du ändrar sparas först på den här datorn och skickas till portalen när den kan nås, så du kan arbeta offline. Ändringar som portalen inte godtar väntar på dig under Konflikter. Supportnumret hittar du under Hjälp → Support och kontakter.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Åtgärd</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tangent</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Kortkommandon</translation>
    </message>
</context>
<context>
    <name>ListPane</name>
    <message>
        <source>Search…</source>
        <translation>Sök…</translation>
    </message>
    <message>
        <source>Search %1</source>
        <translation>Sök %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to MPRO</source>
        <translation>Logga in på MPRO</translation>
    </message>
    <message>
        <source>name@company.com</source>
        <translation>namn@foretag.se</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Kom ihåg mig på den här datorn</translation>
    </message>
    <message>
        <source>No keychain is available on this system, so MPRO cannot remember your sign-in. You will be asked for your password each time; nothing is stored on disk.</source>
        <translation>Det finns ingen nyckelring i det här systemet, så MPRO kan inte komma ihåg din inloggning. Du får ange ditt lösenord varje gång; ingenting sparas på disken.</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>Portaladress</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Logga in</translation>
    </message>
    <message>
        <source>Enter the portal address, starting with https://.</source>
        <translation>Ange portaladressen. Den ska börja med https://.</translation>
    </message>
    <message>
        <source>Enter the e-mail address you sign in with.</source>
        <translation>Ange e-postadressen som du loggar in med.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Ange ditt lösenord.</translation>
    </message>
    <message>
        <source>The server at %1 answered something that is not an MPRO portal response. Check the portal address.</source>
        <translation>Servern på %1 svarade med något som inte är ett svar från en MPRO-portal. Kontrollera portaladressen.</translation>
    </message>
    <message>
        <source>The portal cannot be reached. Check the address and your network.</source>
        <translation>Det går inte att nå portalen. Kontrollera adressen och din nätverksanslutning.</translation>
    </message>
    <message>
        <source>The e-mail address or password is wrong.</source>
        <translation>Fel e-postadress eller lösenord.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Wait a few minutes and try again.</source>
        <translation>För många misslyckade försök. Vänta några minuter och försök igen.</translation>
    </message>
    <message>
        <source>The portal refused the sign-in: %1</source>
        <translation>Portalen nekade inloggningen: %1</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>Inloggningen misslyckades: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>MPRO Desktop</source>
        <extracomment>the attention count a navigation item shows (0: none)</extracomment>
        <translation>MPRO Desktop</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synkronisera nu</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>name -&gt; pane, in navigation order (the order of the registry).</extracomment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Avsnitt</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Visa</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjälp</translation>
    </message>
    <message>
        <source>MPRO Desktop help</source>
        <translation>Hjälp för MPRO Desktop</translation>
    </message>
    <message>
        <source>Support and contacts…</source>
        <translation>Support och kontakter…</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Öppna loggmappen</translation>
    </message>
    <message>
        <source>About MPRO Desktop</source>
        <translation>Om MPRO Desktop</translation>
    </message>
    <message>
        <source>1 change was not accepted by the portal: see Conflicts.</source>
        <translation>1 ändring godtogs inte av portalen: se Konflikter.</translation>
    </message>
    <message numerus="yes">
        <source>%n changes were not accepted by the portal: see Conflicts.</source>
        <translation>
            <numerusform>%n ändringar godtogs inte av portalen: se Konflikter.</numerusform>
            <numerusform>%n ändringar godtogs inte av portalen: se Konflikter.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Conflicts</source>
        <translation>Konflikter</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Översikt</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Användare</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
</context>
<context>
    <name>PendingChart</name>
    <message>
        <source>Loading chart…</source>
        <translation>Diagrammet laddas…</translation>
    </message>
    <message>
        <source>Telemetry chart (loading)</source>
        <translation>Telemetridiagram (laddas)</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <source>Free</source>
        <translation>Kostnadsfri</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 månad</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1 månader</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Pris</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Löptid</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beskrivning</translation>
    </message>
</context>
<context>
    <name>ProductsPane</name>
    <message>
        <source>The portal and vehicle administration are free; paid products are billed per term.</source>
        <translation>Portalen och fordonsadministrationen är kostnadsfria; avgiftsbelagda produkter debiteras per löptid.</translation>
    </message>
</context>
<context>
    <name>RemoteCommandsBox</name>
    <message>
        <source>Remote services</source>
        <translation>Fjärrtjänster</translation>
    </message>
    <message>
        <source>This van has no communication module.</source>
        <extracomment>The vehicle the buttons and the history were built for.</extracomment>
        <translation>Den här transportbilen har ingen kommunikationsmodul.</translation>
    </message>
    <message>
        <source>No commands sent yet.</source>
        <translation>Inga kommandon har skickats ännu.</translation>
    </message>
</context>
<context>
    <name>SupportDialog</name>
    <message>
        <source>Support</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Customer support, 24 hours a day</source>
        <translation>Kundsupport dygnet runt</translation>
    </message>
    <message>
        <source>Questions about your eVan wallbox</source>
        <translation>Frågor om din laddbox för eVan</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <source>● Online</source>
        <translation>● Ansluten</translation>
    </message>
    <message>
        <source>● Syncing…</source>
        <translation>● Synkroniserar…</translation>
    </message>
    <message>
        <source>● Sync error</source>
        <translation>● Synkroniseringsfel</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● Ansluter…</translation>
    </message>
    <message>
        <source>● Offline — last synced %1</source>
        <translation>● Offlineläge – senast synkad %1</translation>
    </message>
    <message>
        <source>1 change waiting to upload</source>
        <translation>1 ändring väntar på uppladdning</translation>
    </message>
    <message>
        <source>Signed in as %1 at %2</source>
        <translation>Inloggad som %1 på %2</translation>
    </message>
    <message numerus="yes">
        <source>%n to upload</source>
        <translation>
            <numerusform>%n att ladda upp</numerusform>
            <numerusform>%n att ladda upp</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n changes waiting to upload</source>
        <translation>
            <numerusform>%n ändringar väntar på uppladdning</numerusform>
            <numerusform>%n ändringar väntar på uppladdning</numerusform>
        </translation>
    </message>
    <message>
        <source>Changes are kept and sent when the portal can be reached again.</source>
        <translation>Ändringarna sparas och skickas när portalen går att nå igen.</translation>
    </message>
    <message>
        <source>● Offline mode</source>
        <translation>● Offlineläge</translation>
    </message>
    <message>
        <source>Started offline: showing the cached data only.</source>
        <translation>Startad offline: visar bara lokalt sparade data.</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● Frånkopplad</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● Direkt</translation>
    </message>
    <message>
        <source>Connected to the portal: vehicle data arrives as it is sent.</source>
        <translation>Ansluten till portalen: fordonsdata kommer in så fort de skickas.</translation>
    </message>
    <message>
        <source>● Reconnecting…</source>
        <translation>● Återansluter…</translation>
    </message>
    <message>
        <source>The live connection to the portal dropped; it is being restored.</source>
        <translation>Liveanslutningen till portalen bröts; den återupprättas.</translation>
    </message>
    <message>
        <source>%v changes</source>
        <translation>%v ändringar</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v av %m</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Inte synkroniserat ännu</translation>
    </message>
    <message>
        <source>Synced %1</source>
        <translation>Synkad %1</translation>
    </message>
    <message>
        <source>Last synchronised with the portal: %1</source>
        <translation>Senast synkroniserad med portalen: %1</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>Synchronisation failed unexpectedly: %1</source>
        <extracomment>States of the live stream (``sig_stream_state``): the connection is open; it was open and dropped, a new one is being made; connecting failed (retrying with backoff). The last sig_stream_state (None before the first connection attempt ended).</extracomment>
        <translation>Synkroniseringen misslyckades oväntat: %1</translation>
    </message>
    <message>
        <source>The server at %1 does not answer as an MPRO portal. Your changes are kept and sent when it does.</source>
        <translation>Servern på %1 svarar inte som en MPRO-portal. Dina ändringar sparas och skickas när den gör det.</translation>
    </message>
    <message>
        <source>Your session has expired. Sign in again to continue synchronising.</source>
        <translation>Din session har gått ut. Logga in igen för att fortsätta synkronisera.</translation>
    </message>
    <message>
        <source>The portal did not allow synchronisation: %1</source>
        <translation>Portalen tillät inte synkronisering: %1</translation>
    </message>
    <message>
        <source>The portal refused to synchronise (%1): %2</source>
        <translation>Portalen vägrade synkronisera (%1): %2</translation>
    </message>
</context>
<context>
    <name>TelemetryChart</name>
    <message>
        <source>Speed</source>
        <translation>Hastighet</translation>
    </message>
    <message>
        <source>Telemetry chart</source>
        <translation>Telemetridiagram</translation>
    </message>
    <message>
        <source>State of charge</source>
        <translation>Laddningsnivå</translation>
    </message>
    <message>
        <source>Fuel level</source>
        <translation>Bränslenivå</translation>
    </message>
    <message>
        <source>No data yet</source>
        <extracomment>Stands in for the plots while the vehicle has no samples (an empty plot would look like a van standing still). Laid over the view, which stays in the tab order and keeps its accessible description.</extracomment>
        <translation>Inga data ännu</translation>
    </message>
    <message>
        <source>Speed %1, state of charge %2, last sample %3</source>
        <translation>Hastighet %1, laddningsnivå %2, senaste mätvärde %3</translation>
    </message>
    <message>
        <source>Speed %1, fuel level %2, last sample %3</source>
        <translation>Hastighet %1, bränslenivå %2, senaste mätvärde %3</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>Company admin</source>
        <translation>Företagsadministratör</translation>
    </message>
    <message>
        <source>Fleet manager</source>
        <translation>Fordonschef</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Förare</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roller</translation>
    </message>
    <message>
        <source>Verified by dealer</source>
        <translation>Verifierad av återförsäljare</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nej</translation>
    </message>
</context>
<context>
    <name>UsersPane</name>
    <message>
        <source>Users and their roles. Inviting users and changing roles come in a later version.</source>
        <translation>Användare och deras roller. Att bjuda in användare och ändra roller blir möjligt i en senare version.</translation>
    </message>
</context>
<context>
    <name>VehicleDetail</name>
    <message>
        <source>Select a vehicle</source>
        <extracomment>The chart, or a placeholder while pyqtgraph loads (``chart_slot``).</extracomment>
        <translation>Välj ett fordon</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Byt namn…</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Licence plate</source>
        <translation>Registreringsnummer</translation>
    </message>
    <message>
        <source>Fuel type</source>
        <translation>Drivmedel</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Hastighet</translation>
    </message>
    <message>
        <source>Fuel / charge</source>
        <translation>Bränsle/laddning</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Räckvidd</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>Mätarställning</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>Dörrar</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Last data</source>
        <translation>Senaste data</translation>
    </message>
    <message>
        <source>Electric</source>
        <translation>El</translation>
    </message>
    <message>
        <source>Diesel</source>
        <translation>Diesel</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Låsta</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Olåsta</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Inga data ännu</translation>
    </message>
</context>
<context>
    <name>VehicleTableModel</name>
    <message>
        <source>Synced</source>
        <translation>Synkad</translation>
    </message>
    <message>
        <source>Waiting to upload (new)</source>
        <translation>Väntar på uppladdning (nytt)</translation>
    </message>
    <message>
        <source>Waiting to upload (changed)</source>
        <translation>Väntar på uppladdning (ändrat)</translation>
    </message>
    <message>
        <source>Waiting to upload (removed)</source>
        <translation>Väntar på uppladdning (borttaget)</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>Väntar på uppladdning</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Inga data</translation>
    </message>
    <message>
        <source>No module</source>
        <translation>Ingen modul</translation>
    </message>
    <message>
        <source>Driving</source>
        <translation>Kör</translation>
    </message>
    <message>
        <source>Ignition on</source>
        <translation>Tändning på</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Parkerat</translation>
    </message>
    <message>
        <source>%1, as of %2</source>
        <translation>%1, per %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>Reg.nr</translation>
    </message>
    <message>
        <source>Fuel type</source>
        <translation>Bränsle</translation>
    </message>
    <message>
        <source>Diesel or electric</source>
        <translation>Diesel eller el</translation>
    </message>
    <message>
        <source>Electric</source>
        <translation>El</translation>
    </message>
    <message>
        <source>Diesel</source>
        <translation>Diesel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Fart</translation>
    </message>
    <message>
        <source>Current speed</source>
        <translation>Aktuell hastighet</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Energi</translation>
    </message>
    <message>
        <source>Fuel level (diesel) or state of charge (electric)</source>
        <translation>Bränslenivå (diesel) eller laddningsnivå (el)</translation>
    </message>
    <message>
        <source>Odometer</source>
        <translation>Mätarst.</translation>
    </message>
    <message>
        <source>Odometer reading</source>
        <translation>Mätarställning</translation>
    </message>
    <message>
        <source>Last data</source>
        <translation>Senast</translation>
    </message>
    <message>
        <source>When the vehicle last sent data</source>
        <translation>När fordonet senast skickade data</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synk</translation>
    </message>
</context>
<context>
    <name>VehiclesPane</name>
    <message>
        <source>Search name, VIN, plate…</source>
        <extracomment>The one target of the detail, the charts and every action (see _bind_to_view). A vehicle to select once the next reload shows it (e.g. one just added).</extracomment>
        <translation>Sök namn, VIN, reg.nr…</translation>
    </message>
    <message>
        <source>Search vehicles</source>
        <translation>Sök fordon</translation>
    </message>
    <message>
        <source>Add vehicle…</source>
        <translation>Lägg till fordon…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Ta bort…</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Vehicle details</source>
        <translation>Fordonsuppgifter</translation>
    </message>
    <message>
        <source>1 vehicle</source>
        <translation>1 fordon</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicles</source>
        <translation>
            <numerusform>%n fordon</numerusform>
            <numerusform>%n fordon</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 vehicles</source>
        <translation>%1 av %2 fordon</translation>
    </message>
    <message>
        <source>Find vehicle</source>
        <translation>Sök fordon</translation>
    </message>
    <message>
        <source>Remove vehicle…</source>
        <translation>Ta bort fordon…</translation>
    </message>
    <message>
        <source>Rename vehicle…</source>
        <translation>Byt namn på fordon…</translation>
    </message>
    <message>
        <source>This VIN is already in your vehicle list.</source>
        <translation>Detta VIN finns redan i din fordonslista.</translation>
    </message>
    <message>
        <source>Rename vehicle</source>
        <translation>Byt namn på fordon</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Nytt namn:</translation>
    </message>
    <message>
        <source>A name has at most %1 characters.</source>
        <translation>Ett namn får ha högst %1 tecken.</translation>
    </message>
    <message>
        <source>Remove vehicle</source>
        <translation>Ta bort fordon</translation>
    </message>
    <message>
        <source>Remove %1 from the company account?

All data transfer from its communication module stops at once. Its history stays readable while the company has an active service.</source>
        <translation>Ta bort %1 från företagskontot?

All dataöverföring från fordonets kommunikationsmodul upphör direkt. Historiken går att läsa så länge företaget har en aktiv tjänst.</translation>
    </message>
</context>
<context>
    <name>WriteOp</name>
    <message>
        <source>The change could not be saved: %1</source>
        <translation>Ändringen kunde inte sparas: %1</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <source>Lock</source>
        <translation>Lås</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Lås upp</translation>
    </message>
    <message>
        <source>Start charging</source>
        <translation>Starta laddning</translation>
    </message>
    <message>
        <source>Stop charging</source>
        <translation>Stoppa laddning</translation>
    </message>
    <message>
        <source>Start pre-conditioning</source>
        <translation>Starta förkonditionering</translation>
    </message>
    <message>
        <source>Stop pre-conditioning</source>
        <translation>Stoppa förkonditionering</translation>
    </message>
    <message>
        <source>Set departure time</source>
        <translation>Ställ in avgångstid</translation>
    </message>
    <message>
        <source>Delivered to the van</source>
        <translation>Levererat till transportbilen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klart</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Misslyckades</translation>
    </message>
    <message>
        <source>Expired (not delivered in time)</source>
        <translation>Utgånget (levererades inte i tid)</translation>
    </message>
    <message>
        <source>Refused by the portal</source>
        <translation>Avvisat av portalen</translation>
    </message>
    <message>
        <source>Not sent yet (waiting for a connection)</source>
        <translation>Inte skickat än (väntar på anslutning)</translation>
    </message>
    <message>
        <source>Sent, waiting for the van</source>
        <translation>Skickat, väntar på fordonet</translation>
    </message>
    <message>
        <source>The charging plug must be inserted, locked and connected to the supply.</source>
        <translation>Laddkontakten måste vara isatt, låst och ansluten till laddstationen.</translation>
    </message>
    <message>
        <source>The hood is open.</source>
        <translation>Motorhuven är öppen.</translation>
    </message>
    <message>
        <source>The gear selector is not in P.</source>
        <translation>Växelväljaren står inte i läge P.</translation>
    </message>
    <message>
        <source>The van was not identified by RFID card at the station.</source>
        <translation>Transportbilen identifierades inte med RFID-kort vid laddstationen.</translation>
    </message>
    <message>
        <source>There is not enough time left to charge.</source>
        <translation>Det finns inte tillräckligt med tid kvar för laddning.</translation>
    </message>
    <message>
        <source>A door or window is open.</source>
        <translation>En dörr eller ett fönster är öppet.</translation>
    </message>
    <message>
        <source>No start or departure time is set.</source>
        <translation>Ingen start- eller avgångstid är inställd.</translation>
    </message>
    <message>
        <source>The cabin temperature set equals the outside temperature.</source>
        <translation>Den inställda kupétemperaturen är densamma som utomhustemperaturen.</translation>
    </message>
    <message>
        <source>The battery is at or below 15 %.</source>
        <translation>Batterinivån är 15 % eller lägre.</translation>
    </message>
</context>
<context>
    <name>format</name>
    <message>
        <source>as of %1</source>
        <translation>per %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>aldrig</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>för %1 s sedan</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>för %1 min sedan</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>för %1 h sedan</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Starting the embedded portal and vehicle simulator…</source>
        <extracomment>&quot;cache&quot; once open, &quot;ready&quot; once everything is up, &quot;error&quot; if that failed.</extracomment>
        <translation>Startar den inbyggda portalen och fordonssimulatorn…</translation>
    </message>
    <message>
        <source>There is no cached data on this computer yet. Sign in once with a network connection (or run --demo) before using --offline.</source>
        <translation>Det finns ännu inga lokalt sparade data på den här datorn. Logga in en gång med nätverksanslutning (eller kör --demo) innan du använder --offline.</translation>
    </message>
    <message>
        <source>MPRO Desktop could not start: %1. Details are in %2.</source>
        <translation>MPRO Desktop kunde inte starta: %1. Detaljer finns i %2.</translation>
    </message>
    <message>
        <source>--screenshot cannot show the sign-in dialog and there is no saved sign-in for %1 on this computer: sign in once without --screenshot and tick “Remember me on this computer”, or use --demo or --offline.</source>
        <translation>--screenshot kan inte visa inloggningsrutan och det finns ingen sparad inloggning för %1 på den här datorn: logga in en gång utan --screenshot och kryssa i ”Kom ihåg mig på den här datorn”, eller använd --demo eller --offline.</translation>
    </message>
    <message>
        <source>any portal</source>
        <translation>någon portal</translation>
    </message>
    <message>
        <source>The data stored on this computer was damaged, so it was moved to %1 and is loaded again from the portal, but not all changes waiting to be sent could be read (%2 kept).</source>
        <translation>De data som sparats på den här datorn var skadade, så de flyttades till %1 och hämtas på nytt från portalen, men alla ändringar som väntade på att skickas kunde inte läsas (%2 behölls).</translation>
    </message>
    <message>
        <source>The data stored on this computer was damaged, so it was moved to %1 and is loaded again from the portal; the changes waiting to be sent were kept (%2).</source>
        <translation>De data som sparats på den här datorn var skadade, så de flyttades till %1 och hämtas på nytt från portalen; ändringarna som väntade på att skickas behölls (%2).</translation>
    </message>
    <message>
        <source>The data stored on this computer was damaged, so it was moved to %1 and is loaded again from the portal; no changes were waiting to be sent.</source>
        <translation>De data som sparats på den här datorn var skadade, så de flyttades till %1 och hämtas på nytt från portalen; inga ändringar väntade på att skickas.</translation>
    </message>
    <message>
        <source>embedded demo portal</source>
        <translation>inbyggd demoportal</translation>
    </message>
</context>
</TS>
