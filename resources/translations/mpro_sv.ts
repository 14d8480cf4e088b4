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
        <translation>Versionsnr</translation>
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
    <message>
        <source>MPRO Desktop icon</source>
        <translation>Ikon för MPRO Desktop</translation>
    </message>
</context>
<context>
    <name>AcceptInvitationDialog</name>
    <message>
        <source>Accept an invitation</source>
        <translation>Tacka ja till en inbjudan</translation>
    </message>
    <message>
        <source>Paste the code or the whole link</source>
        <translation>Klistra in koden eller hela länken</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Lösenord igen</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>Portaladress</translation>
    </message>
    <message>
        <source>Invitation code</source>
        <translation>Inbjudningskod</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Förnamn</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Efternamn</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Födelsedatum</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Invited by text message? Enter the e-mail address you will sign in with: the account works only with one. Invited by e-mail: leave it empty or enter that address.</source>
        <translation>Inbjuden via sms? Ange e-postadressen du ska logga in med: kontot fungerar bara med en sådan. Inbjuden via e-post: lämna fältet tomt eller ange den adressen.</translation>
    </message>
    <message>
        <source>Accept and sign in</source>
        <extracomment>the password rules, each ticked off as it is met (live feedback)</extracomment>
        <translation>Tacka ja och logga in</translation>
    </message>
    <message>
        <source>Needs a connection to the portal: the invitation is checked and your account created there at once; nothing is saved on this computer before that. The birth date is what a dealer compares with your ID.</source>
        <translation>Kräver anslutning till portalen: inbjudan kontrolleras och ditt konto skapas där direkt; inget sparas på den här datorn innan dess. Födelsedatumet är det som en återförsäljare jämför med din legitimation.</translation>
    </message>
    <message>
        <source>Enter the portal address, starting with https://.</source>
        <translation>Ange portalens adress, som börjar med https://.</translation>
    </message>
    <message>
        <source>Paste the invitation code from the e-mail or text message.</source>
        <translation>Klistra in inbjudningskoden från e-postmeddelandet eller sms:et.</translation>
    </message>
    <message>
        <source>Enter your first and last name.</source>
        <translation>Ange förnamn och efternamn.</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address (name@company.com).</source>
        <translation>Det här är ingen giltig e-postadress (namn@foretag.se).</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>Lösenordet måste ha minst %1 tecken.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>De två lösenorden är inte likadana.</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>minst %1 tecken</translation>
    </message>
    <message>
        <source>both entries are the same</source>
        <translation>båda inmatningarna är likadana</translation>
    </message>
    <message>
        <source>Your account is ready, but signing in failed: %1 Sign in with %2 and your password.</source>
        <translation>Ditt konto är klart, men inloggningen misslyckades: %1 Logga in med %2 och ditt lösenord.</translation>
    </message>
    <message>
        <source>This invitation code is not valid: it was revoked or used already, or it has expired. Ask the administrator who invited you for a new invitation.</source>
        <translation>Inbjudningskoden är inte giltig: den har återkallats, redan använts eller gått ut. Be administratören som bjöd in dig om en ny inbjudan.</translation>
    </message>
    <message>
        <source>This e-mail address has an MPRO login already: enter the password of that login to add this company to it.</source>
        <translation>Den här e-postadressen har redan en MPRO-inloggning: ange lösenordet för den inloggningen för att lägga till det här företaget.</translation>
    </message>
    <message>
        <source>You are a member of this company already: sign in instead.</source>
        <translation>Du är redan medlem i det här företaget: logga in i stället.</translation>
    </message>
    <message>
        <source>The invitation was sent to another e-mail address: leave the e-mail empty or enter the address the invitation went to.</source>
        <translation>Inbjudan skickades till en annan e-postadress: lämna e-postfältet tomt eller ange adressen som inbjudan gick till.</translation>
    </message>
    <message>
        <source>You were invited by text message: enter your e-mail address. The account works only with one.</source>
        <translation>Du bjöds in via sms: ange din e-postadress. Kontot fungerar bara med en sådan.</translation>
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
    <name>AlertNotifier</name>
    <message>
        <source>Notify me of new alerts</source>
        <extracomment>the severities worth interrupting someone for more new alerts than this at once are told in one notification what was shown (title, text), newest last: for the log and the tests</extracomment>
        <translation>Avisera mig om nya larm</translation>
    </message>
    <message numerus="yes">
        <source>%n new alerts, the first: %1</source>
        <translation>
            <numerusform>%n nytt larm, det första: %1</numerusform>
            <numerusform>%n nya larm, det första: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>New alerts</source>
        <translation>Nya larm</translation>
    </message>
</context>
<context>
    <name>AlertTableModel</name>
    <message>
        <source>Severity</source>
        <translation>Allvarlighet</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Larm</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Läge</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Sedan</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
</context>
<context>
    <name>AlertsPane</name>
    <message>
        <source>Acknowledge</source>
        <translation>Kvittera</translation>
    </message>
    <message>
        <source>Acknowledge the selected alert</source>
        <translation>Kvittera det valda larmet</translation>
    </message>
    <message>
        <source>Close alert</source>
        <translation>Stäng larm</translation>
    </message>
    <message>
        <source>Close the selected alert</source>
        <translation>Stäng det valda larmet</translation>
    </message>
    <message>
        <source>An alert closes by itself when its cause is gone. Acknowledge one to tell your colleagues that someone is on it.</source>
        <translation>Ett larm stängs av sig självt när orsaken är borta. Kvittera ett larm för att visa kollegorna att någon tar hand om det.</translation>
    </message>
    <message>
        <source>Select an alert first.</source>
        <translation>Välj ett larm först.</translation>
    </message>
    <message>
        <source>Waiting for the connection to send your last step.</source>
        <translation>Väntar på anslutning för att skicka ditt senaste steg.</translation>
    </message>
    <message>
        <source>Only an open alert can be acknowledged.</source>
        <translation>Bara ett öppet larm kan kvitteras.</translation>
    </message>
    <message>
        <source>The alert is closed already.</source>
        <translation>Larmet är redan stängt.</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Larm</translation>
    </message>
    <message>
        <source>The alert could not be changed: %1</source>
        <translation>Larmet kunde inte ändras: %1</translation>
    </message>
</context>
<context>
    <name>AuditPane</name>
    <message>
        <source>Filter by user</source>
        <translation>Filtrera på användare</translation>
    </message>
    <message>
        <source>All users</source>
        <translation>Alla användare</translation>
    </message>
    <message>
        <source>Filter by action</source>
        <translation>Filtrera på händelse</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alla händelser</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Från datum</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Till datum</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Visa</translation>
    </message>
    <message>
        <source>Show older entries</source>
        <translation>Visa äldre poster</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Granskningslogg</translation>
    </message>
    <message>
        <source>to</source>
        <translation>till</translation>
    </message>
    <message>
        <source>Security-relevant actions in the company account, dealers&apos; support sessions included. Read from the portal; not kept on this computer.</source>
        <translation>Säkerhetsrelevanta händelser i företagskontot, även återförsäljares supportsessioner. Läses från portalen; sparas inte på den här datorn.</translation>
    </message>
    <message>
        <source>Reading the audit log from the portal…</source>
        <translation>Läser granskningsloggen från portalen…</translation>
    </message>
    <message numerus="yes">
        <source>%n entries shown.</source>
        <translation>
            <numerusform>%n post visas.</numerusform>
            <numerusform>%n poster visas.</numerusform>
        </translation>
    </message>
    <message>
        <source>No entries match the filter.</source>
        <translation>Inga poster matchar filtret.</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>Signed in</source>
        <translation>Loggade in</translation>
    </message>
    <message>
        <source>Failed sign-in</source>
        <translation>Misslyckad inloggning</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Lösenord återställt</translation>
    </message>
    <message>
        <source>User invited</source>
        <translation>Användare inbjuden</translation>
    </message>
    <message>
        <source>Invitation revoked</source>
        <translation>Inbjudan återkallad</translation>
    </message>
    <message>
        <source>Invitation accepted</source>
        <translation>Inbjudan accepterad</translation>
    </message>
    <message>
        <source>Roles changed</source>
        <translation>Roller ändrade</translation>
    </message>
    <message>
        <source>User deleted</source>
        <translation>Användare raderad</translation>
    </message>
    <message>
        <source>Personal data changed</source>
        <translation>Personuppgifter ändrade</translation>
    </message>
    <message>
        <source>Support password set</source>
        <translation>Supportlösenord angivet</translation>
    </message>
    <message>
        <source>Personal data exported</source>
        <translation>Personuppgifter exporterade</translation>
    </message>
    <message>
        <source>Membership requested</source>
        <translation>Medlemskap begärt</translation>
    </message>
    <message>
        <source>Membership confirmed</source>
        <translation>Medlemskap bekräftat</translation>
    </message>
    <message>
        <source>Company changed</source>
        <translation>Företaget ändrat</translation>
    </message>
    <message>
        <source>Company deletion requested</source>
        <translation>Radering av företaget begärd</translation>
    </message>
    <message>
        <source>Company deleted</source>
        <translation>Företaget raderat</translation>
    </message>
    <message>
        <source>rFMS client created</source>
        <translation>rFMS-klient skapad</translation>
    </message>
    <message>
        <source>rFMS client revoked</source>
        <translation>rFMS-klient återkallad</translation>
    </message>
    <message>
        <source>Dealer looked up the user</source>
        <translation>Återförsäljaren sökte upp användaren</translation>
    </message>
    <message>
        <source>Verified by a dealer</source>
        <translation>Verifierad av återförsäljare</translation>
    </message>
    <message>
        <source>Support session opened</source>
        <translation>Supportsession öppnad</translation>
    </message>
    <message>
        <source>Support session ended</source>
        <translation>Supportsession avslutad</translation>
    </message>
    <message>
        <source>Dealer %1</source>
        <translation>Återförsäljare %1</translation>
    </message>
    <message>
        <source>%1 acting as %2</source>
        <translation>%1 som %2</translation>
    </message>
    <message>
        <source>When</source>
        <translation>När</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Vem</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Händelse</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Gäller</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
</context>
<context>
    <name>CompanyPane</name>
    <message>
        <source>Company name</source>
        <translation>Företagsnamn</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Gatuadress</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postnummer</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Organisation number</source>
        <translation>Organisationsnummer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Spara ändringar</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Ångra ändringar</translation>
    </message>
    <message>
        <source>Company data</source>
        <translation>Företagsuppgifter</translation>
    </message>
    <message>
        <source>A new name, address or organisation number creates a new version of every active contract; the old versions stay in the contract history.</source>
        <translation>Nytt namn, ny adress eller nytt organisationsnummer skapar en ny version av varje aktivt avtal; de gamla versionerna finns kvar i avtalshistoriken.</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Avtal</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versionsnr</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Gäller från</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gäller till</translation>
    </message>
    <message>
        <source>Contract versions</source>
        <translation>Avtalsversioner</translation>
    </message>
    <message>
        <source>The contract history is kept on the portal; read it to see every version.</source>
        <translation>Avtalshistoriken finns i portalen; läs in den för att se varje version.</translation>
    </message>
    <message>
        <source>Read from the portal</source>
        <translation>Läs från portalen</translation>
    </message>
    <message>
        <source>Delete company account…</source>
        <translation>Radera företagskontot…</translation>
    </message>
    <message>
        <source>Deleting the company ends all connectivity services at once and every contract after 14 days&apos; notice.</source>
        <translation>När företaget raderas upphör alla uppkopplade tjänster direkt och varje avtal efter 14 dagars uppsägningstid.</translation>
    </message>
    <message>
        <source>Changes waiting to be sent to the portal.</source>
        <translation>Ändringar väntar på att skickas till portalen.</translation>
    </message>
    <message>
        <source>Fill in every field: one postal address, a name, an organisation number and a phone number.</source>
        <translation>Fyll i alla fält: en postadress, ett namn, ett organisationsnummer och ett telefonnummer.</translation>
    </message>
    <message>
        <source>Enter the phone number with its country code, e.g. +46812345678.</source>
        <translation>Ange telefonnumret med landsnummer, t.ex. +46812345678.</translation>
    </message>
    <message>
        <source>The company data has not been loaded from the portal yet.</source>
        <translation>Företagsuppgifterna har inte hämtats från portalen ännu.</translation>
    </message>
    <message>
        <source>Nothing has been changed.</source>
        <translation>Inget har ändrats.</translation>
    </message>
    <message>
        <source>Save the changes (sent to the portal, also after working offline)</source>
        <translation>Spara ändringarna (skickas till portalen, även efter arbete offline)</translation>
    </message>
    <message>
        <source>Delete the company account in three steps</source>
        <translation>Radera företagskontot i tre steg</translation>
    </message>
    <message>
        <source>Read every contract version from the portal</source>
        <translation>Läs alla avtalsversioner från portalen</translation>
    </message>
    <message>
        <source>Reading the contract versions…</source>
        <translation>Läser avtalsversionerna…</translation>
    </message>
    <message>
        <source>current</source>
        <translation>gällande</translation>
    </message>
    <message numerus="yes">
        <source>%n contract versions.</source>
        <translation>
            <numerusform>%n avtalsversion.</numerusform>
            <numerusform>%n avtalsversioner.</numerusform>
        </translation>
    </message>
    <message>
        <source>No contracts yet: they come with the first order.</source>
        <translation>Inga avtal ännu: de kommer med den första beställningen.</translation>
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
        <source>Invite user</source>
        <translation>Bjud in användare</translation>
    </message>
    <message>
        <source>Change roles</source>
        <translation>Ändra roller</translation>
    </message>
    <message>
        <source>Delete user</source>
        <translation>Radera användare</translation>
    </message>
    <message>
        <source>Revoke invitation</source>
        <translation>Återkalla inbjudan</translation>
    </message>
    <message>
        <source>Edit company</source>
        <translation>Ändra företaget</translation>
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
    <name>CostOverview</name>
    <message>
        <source>Cost overview</source>
        <translation>Kostnadsöversikt</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Kostnader</translation>
    </message>
    <message>
        <source>Active subscriptions</source>
        <translation>Aktiva abonnemang</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Väntande beställningar</translation>
    </message>
    <message>
        <source>Vehicles without a communication module</source>
        <translation>Fordon utan kommunikationsmodul</translation>
    </message>
    <message>
        <source>Vehicles with a module but no product</source>
        <translation>Fordon med modul men utan produkt</translation>
    </message>
    <message>
        <source>Products, prices and terms</source>
        <translation>Produkter, priser och löptider</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Sida %1 av %2</translation>
    </message>
    <message>
        <source>No active paid subscriptions.</source>
        <translation>Inga aktiva avgiftsbelagda abonnemang.</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Per månad</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>Per år</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Löptid</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Per vehicle and month</source>
        <translation>Per fordon och månad</translation>
    </message>
    <message>
        <source>Subscriptions without a known price, not included: %1.</source>
        <translation>Abonnemang utan känt pris, inte medräknade: %1.</translation>
    </message>
    <message>
        <source>No active subscriptions.</source>
        <translation>Inga aktiva abonnemang.</translation>
    </message>
    <message>
        <source>Ends %1</source>
        <translation>Upphör %1</translation>
    </message>
    <message>
        <source>Renews %1</source>
        <translation>Förnyas %1</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>Slutdatum</translation>
    </message>
    <message>
        <source>and %1 more (all in the Subscriptions pane).</source>
        <translation>och %1 till (alla under Abonnemang).</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Inga.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>och %1 till</translation>
    </message>
    <message>
        <source>No orders waiting.</source>
        <translation>Inga beställningar väntar.</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Beställd</translation>
    </message>
    <message>
        <source>Products × vehicles</source>
        <translation>Produkter × fordon</translation>
    </message>
    <message>
        <source>Whole term</source>
        <translation>Hela avtalstiden</translation>
    </message>
    <message>
        <source>Waiting for a dealer to confirm them (the ordering user is not verified).</source>
        <translation>Väntar på att en återförsäljare bekräftar dem (användaren som beställde är inte verifierad).</translation>
    </message>
    <message>
        <source>No products yet.</source>
        <translation>Inga produkter ännu.</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Kostnadsfri</translation>
    </message>
    <message>
        <source>%1 months</source>
        <translation>%1 månader</translation>
    </message>
    <message>
        <source>Prices per vehicle and month; a longer term costs less per month.</source>
        <translation>Priser per fordon och månad; en längre löptid kostar mindre per månad.</translation>
    </message>
</context>
<context>
    <name>DashboardPane</name>
    <message>
        <source>Dashboard</source>
        <extracomment>how many reads of the cache were started (a test counts them) what the last read found (the PDF prints exactly what is shown)</extracomment>
        <translation>Översikt</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>Öppna larm</translation>
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
        <source>Cost per month</source>
        <translation>Kostnad per månad</translation>
    </message>
    <message>
        <source>Cost per year</source>
        <translation>Kostnad per år</translation>
    </message>
    <message>
        <source>Active subscriptions</source>
        <translation>Aktiva abonnemang</translation>
    </message>
    <message>
        <source>Orders waiting</source>
        <translation>Väntande beställningar</translation>
    </message>
    <message>
        <source>Without module</source>
        <translation>Utan modul</translation>
    </message>
    <message>
        <source>Without product</source>
        <translation>Utan produkt</translation>
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
        <source>Export cost overview (PDF)…</source>
        <translation>Exportera kostnadsöversikt (PDF)…</translation>
    </message>
    <message>
        <source>Costs, subscriptions, orders and prices as a PDF, from the cached data</source>
        <translation>Kostnader, abonnemang, beställningar och priser som PDF, från sparade data</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Kostnader</translation>
    </message>
    <message>
        <source>Pending orders</source>
        <translation>Väntande beställningar</translation>
    </message>
    <message>
        <source>Vehicles to look at</source>
        <translation>Fordon att se över</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>Not synced with the portal yet: figures from this computer only.</source>
        <translation>Inte synkroniserad med portalen än: siffror bara från den här datorn.</translation>
    </message>
    <message>
        <source>Figures %1 (the last sync).</source>
        <translation>Siffror %1 (senaste synkroniseringen).</translation>
    </message>
    <message>
        <source>Without a communication module (no data, no paid service):</source>
        <translation>Utan kommunikationsmodul (inga data, ingen avgiftsbelagd tjänst):</translation>
    </message>
    <message>
        <source>With a module but no active product:</source>
        <translation>Med modul men utan aktiv produkt:</translation>
    </message>
    <message>
        <source>cost-overview</source>
        <translation>kostnadsoversikt</translation>
    </message>
    <message>
        <source>Export cost overview</source>
        <translation>Exportera kostnadsöversikt</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <source>Cost overview</source>
        <translation>Kostnadsöversikt</translation>
    </message>
    <message>
        <source>Printed %1</source>
        <translation>Utskriven %1</translation>
    </message>
    <message>
        <source>The PDF could not be saved to %1: %2</source>
        <translation>PDF-filen kunde inte sparas i %1: %2</translation>
    </message>
</context>
<context>
    <name>DealerCounter</name>
    <message>
        <source>MPRO Desktop — dealer counter</source>
        <translation>MPRO Desktop — återförsäljardisk</translation>
    </message>
    <message>
        <source>Customer&apos;s e-mail</source>
        <translation>Kundens e-post</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Sök</translation>
    </message>
    <message>
        <source>1. Find the customer</source>
        <translation>1. Hitta kunden</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Förnamn</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Efternamn</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Födelsedatum</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>Dokumentnummer</translation>
    </message>
    <message>
        <source>2. Verify identity (from the ID document)</source>
        <translation>2. Verifiera identiteten (från id-handlingen)</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verifiera</translation>
    </message>
    <message>
        <source>Names are compared without regard to case and spaces, the birth date exactly; the document number is recorded with the verification.</source>
        <translation>Namn jämförs utan hänsyn till versaler och mellanslag, födelsedatumet exakt; dokumentnumret sparas med verifieringen.</translation>
    </message>
    <message>
        <source>Customer&apos;s support password</source>
        <translation>Kundens supportlösenord</translation>
    </message>
    <message>
        <source>Open support session</source>
        <translation>Öppna supportsession</translation>
    </message>
    <message>
        <source>3. Support session</source>
        <translation>3. Supportsession</translation>
    </message>
    <message>
        <source>Support password</source>
        <translation>Supportlösenord</translation>
    </message>
    <message>
        <source>The customer types their support password. You then act in their name, with their roles, for up to 60 minutes; everything is in their company&apos;s audit log. Their personal data and support password stay theirs to change.</source>
        <translation>Kunden skriver in sitt supportlösenord. Du agerar sedan i kundens namn, med kundens roller, i upp till 60 minuter; allt hamnar i företagets granskningslogg. Kundens personuppgifter och supportlösenord kan bara kunden själv ändra.</translation>
    </message>
    <message>
        <source>Dealer counter — %1</source>
        <translation>Återförsäljardisk — %1</translation>
    </message>
    <message>
        <source>Signed in as dealer %1 (%2) · online only, nothing is stored</source>
        <translation>Inloggad som återförsäljare %1 (%2) · endast online, inget sparas</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arkiv</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Logga ut</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Avsluta</translation>
    </message>
    <message>
        <source>Find the customer first.</source>
        <translation>Hitta kunden först.</translation>
    </message>
    <message>
        <source>End the open support session first.</source>
        <translation>Avsluta den öppna supportsessionen först.</translation>
    </message>
    <message>
        <source>No customer with this e-mail address. Check the spelling.</source>
        <translation>Ingen kund har den här e-postadressen. Kontrollera stavningen.</translation>
    </message>
    <message>
        <source>verified ✔</source>
        <translation>verifierad ✔</translation>
    </message>
    <message>
        <source>not verified yet</source>
        <translation>inte verifierad ännu</translation>
    </message>
    <message>
        <source>%1 %2 of %3 — %4</source>
        <translation>%1 %2 på %3 — %4</translation>
    </message>
    <message>
        <source>Verified: the ID matches. The customer can now invite users and complete purchases.</source>
        <translation>Verifierad: id-handlingen stämmer. Kunden kan nu bjuda in användare och slutföra köp.</translation>
    </message>
    <message>
        <source>✘ differs from the stored data</source>
        <translation>✘ skiljer sig från sparade uppgifter</translation>
    </message>
    <message>
        <source>first name</source>
        <translation>förnamn</translation>
    </message>
    <message>
        <source>last name</source>
        <translation>efternamn</translation>
    </message>
    <message>
        <source>birth date</source>
        <translation>födelsedatum</translation>
    </message>
    <message>
        <source>Not verified: %1 on the ID does not match the customer&apos;s data. Nothing was changed.</source>
        <translation>Inte verifierad: %1 på id-handlingen stämmer inte med kundens uppgifter. Inget ändrades.</translation>
    </message>
    <message>
        <source>The support password is wrong, or the customer has not set one (My profile in MPRO Desktop).</source>
        <translation>Supportlösenordet är fel, eller så har kunden inte angett något (Min profil i MPRO Desktop).</translation>
    </message>
    <message>
        <source>Support session open.</source>
        <translation>Supportsessionen är öppen.</translation>
    </message>
    <message>
        <source>The support session has expired and ended by itself.</source>
        <translation>Supportsessionens tid har gått ut och den avslutades av sig själv.</translation>
    </message>
    <message>
        <source>The support session has ended.</source>
        <translation>Supportsessionen är avslutad.</translation>
    </message>
    <message>
        <source>The support session was closed here; the portal could not be told (%1). It ends at its expiry time at the latest.</source>
        <translation>Supportsessionen stängdes här; portalen kunde inte meddelas (%1). Den upphör senast vid sin sluttid.</translation>
    </message>
</context>
<context>
    <name>DeleteCompanyDialog</name>
    <message>
        <source>Delete the company account</source>
        <translation>Radera företagskontot</translation>
    </message>
    <message>
        <source>Deleting %1 takes three steps. 1. Request the deletion: the portal mails a confirmation code to you. 2. Enter the code. 3. Confirm. On confirmation all connectivity services of every vehicle stop at once, nobody can sign in to the company account any more, and every contract ends after %2 days&apos; notice: confirmed today, on %3.</source>
        <translation>Att radera %1 sker i tre steg. 1. Begär raderingen: portalen mejlar en bekräftelsekod till dig. 2. Ange koden. 3. Bekräfta. Vid bekräftelsen upphör alla uppkopplade tjänster för alla fordon direkt, ingen kan längre logga in på företagskontot, och varje avtal upphör efter %2 dagars uppsägningstid: bekräftat i dag, den %3.</translation>
    </message>
    <message>
        <source>the company</source>
        <translation>företaget</translation>
    </message>
    <message>
        <source>Request deletion (mails a code)</source>
        <translation>Begär radering (mejlar en kod)</translation>
    </message>
    <message>
        <source>1. Request the deletion</source>
        <translation>1. Begär raderingen</translation>
    </message>
    <message>
        <source>Confirmation code</source>
        <translation>Bekräftelsekod</translation>
    </message>
    <message>
        <source>code from the e-mail</source>
        <translation>koden från mejlet</translation>
    </message>
    <message>
        <source>If you confirm now, all connectivity services stop at once and every contract ends on %1 (%2 days from today). This cannot be undone.</source>
        <translation>Om du bekräftar nu upphör alla uppkopplade tjänster direkt och varje avtal upphör den %1 (%2 dagar från i dag). Det går inte att ångra.</translation>
    </message>
    <message>
        <source>2. Enter the code from the e-mail</source>
        <translation>2. Ange koden från mejlet</translation>
    </message>
    <message>
        <source>3. Confirm</source>
        <translation>3. Bekräfta</translation>
    </message>
    <message>
        <source>The company account is deleted</source>
        <translation>Företagskontot är raderat</translation>
    </message>
    <message>
        <source>All connectivity services were deactivated. Every contract ends on %1. MPRO Desktop can no longer sync with this company account.</source>
        <translation>Alla uppkopplade tjänster har avaktiverats. Varje avtal upphör den %1. MPRO Desktop kan inte längre synkronisera med det här företagskontot.</translation>
    </message>
</context>
<context>
    <name>EndSubscriptionDialog</name>
    <message>
        <source>End subscription</source>
        <translation>Avsluta abonnemang</translation>
    </message>
    <message>
        <source>End %1 for %2?</source>
        <translation>Avsluta %1 för %2?</translation>
    </message>
    <message>
        <source>Immediately: the vehicle stops sending data now, and the rest of the term is not refunded</source>
        <translation>Omedelbart: fordonet slutar skicka data nu, och resten av perioden återbetalas inte</translation>
    </message>
    <message>
        <source>At the end of the term, on %1 (it stays active until then)</source>
        <translation>Vid periodens slut, den %1 (det är aktivt till dess)</translation>
    </message>
    <message>
        <source>It already ends on %1</source>
        <translation>Det avslutas redan den %1</translation>
    </message>
    <message>
        <source>At the end of the term (no term is known)</source>
        <translation>Vid periodens slut (ingen period är känd)</translation>
    </message>
    <message>
        <source>When the vehicle&apos;s last service ends, its communication module is switched off.</source>
        <translation>När fordonets sista tjänst upphör stängs dess kommunikationsmodul av.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>ending</source>
        <translation>upphör</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>avslutad</translation>
    </message>
</context>
<context>
    <name>FleetMap</name>
    <message>
        <source>Driving</source>
        <extracomment>how far back a trail reaches, and how often it keeps a point a van must move this far before its heading is read from two positions (GPS jitter)</extracomment>
        <translation>Kör</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Parkerat</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>Laddar</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Kräver åtgärd</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>Ingen anslutning</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Inga data ännu</translation>
    </message>
    <message>
        <source>No connection since %1</source>
        <extracomment>(ts, lat, lon), oldest first, at most one per TRAIL_STEP_S grows on every change the scene must draw (the scene compares it with its own)</extracomment>
        <translation>Ingen anslutning sedan %1</translation>
    </message>
    <message>
        <source>Driving, %1</source>
        <translation>Kör, %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
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
    <name>HistoryControl</name>
    <message>
        <source>Live (last 10 minutes)</source>
        <extracomment>points the portal is asked for: about two per pixel of a wide chart (label key, seconds back); 0 is the live window the clock ranges are measured against (tests give their own)</extracomment>
        <translation>Live (senaste 10 minuterna)</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Senaste 24 timmarna</translation>
    </message>
    <message>
        <source>Last 3 days</source>
        <translation>Senaste 3 dygnen</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Senaste 7 dygnen</translation>
    </message>
    <message>
        <source>Chart period</source>
        <translation>Diagrammets period</translation>
    </message>
    <message>
        <source>Show the live chart or the history of the last days (the mouse wheel zooms into it)</source>
        <translation>Visa livediagrammet eller historiken för de senaste dygnen (mushjulet zoomar in)</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>Diagram:</translation>
    </message>
    <message>
        <source>Select a vehicle first.</source>
        <extracomment>the request whose answer is awaited (an older answer is dropped)</extracomment>
        <translation>Välj ett fordon först.</translation>
    </message>
    <message>
        <source>The history needs a connection to the portal.</source>
        <translation>Historiken kräver anslutning till portalen.</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Hämtar historiken…</translation>
    </message>
    <message>
        <source>No data in this period.</source>
        <translation>Inga data under perioden.</translation>
    </message>
    <message>
        <source>%1 points (minimum and maximum of each stretch, by the portal)</source>
        <translation>%1 punkter (minimum och maximum för varje intervall, från portalen)</translation>
    </message>
</context>
<context>
    <name>ImportPreviewModel</name>
    <message>
        <source>Line</source>
        <translation>Rad</translation>
    </message>
    <message>
        <source>The line in the file (the header is line 1)</source>
        <translation>Raden i filen (rubrikraden är rad 1)</translation>
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
        <source>Plate</source>
        <translation>Reg.nr</translation>
    </message>
    <message>
        <source>Fuel type</source>
        <translation>Drivmedel</translation>
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
        <source>Result</source>
        <translation>Resultat</translation>
    </message>
    <message>
        <source>Will be added</source>
        <translation>Läggs till</translation>
    </message>
</context>
<context>
    <name>ImportVehiclesDialog</name>
    <message>
        <source>The file is larger than %1 MB. Split the list into several files and import them one after the other.</source>
        <translation>Filen är större än %1 MB. Dela upp listan i flera filer och importera dem en i taget.</translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation>Filen är tom.</translation>
    </message>
    <message>
        <source>This is an Excel workbook, not a CSV file. In Excel choose File &gt; Save As &gt; &quot;CSV UTF-8 (comma delimited)&quot; and import that file.</source>
        <translation>Det här är en Excel-arbetsbok, inte en CSV-fil. Välj Arkiv &gt; Spara som &gt; &quot;CSV UTF-8 (kommaavgränsad)&quot; i Excel och importera den filen.</translation>
    </message>
    <message>
        <source>The file is not a text file (is it a PDF, an image or an archive?). Choose a CSV file with one vehicle per line.</source>
        <translation>Filen är ingen textfil (är det en PDF, en bild eller ett arkiv?). Välj en CSV-fil med ett fordon per rad.</translation>
    </message>
    <message>
        <source>The file&apos;s characters can&apos;t be read (it is neither UTF-8 nor Windows text). Save it again as &quot;CSV UTF-8&quot;.</source>
        <translation>Filens tecken kan inte läsas (det är varken UTF-8 eller Windows-text). Spara den igen som &quot;CSV UTF-8&quot;.</translation>
    </message>
    <message>
        <source>The first line must name the columns, and a column VIN is required (found no column called VIN). Optional: name, license_plate, fuel_type, model.</source>
        <translation>Första raden ska namnge kolumnerna, och en kolumn VIN krävs (ingen kolumn heter VIN). Valfria: namn, regnr, drivmedel, modell.</translation>
    </message>
    <message>
        <source>Line %1 has a field of more than %2 characters: this is no vehicle list (or a quote is not closed).</source>
        <translation>Rad %1 har ett fält med mer än %2 tecken: det här är ingen fordonslista (eller så är ett citattecken inte stängt).</translation>
    </message>
    <message>
        <source>The file has column names but no vehicles.</source>
        <translation>Filen har kolumnnamn men inga fordon.</translation>
    </message>
    <message>
        <source>The file has no line with column names.</source>
        <translation>Filen har ingen rad med kolumnnamn.</translation>
    </message>
    <message>
        <source>The file is not a CSV table (line %1).</source>
        <translation>Filen är ingen CSV-tabell (rad %1).</translation>
    </message>
    <message>
        <source>Same VIN as line %1 of the file.</source>
        <translation>Samma VIN som rad %1 i filen.</translation>
    </message>
    <message>
        <source>This VIN is already in your vehicle list.</source>
        <translation>Detta VIN finns redan i din fordonslista.</translation>
    </message>
    <message>
        <source>The name is longer than %1 characters.</source>
        <translation>Namnet är längre än %1 tecken.</translation>
    </message>
    <message>
        <source>The licence plate is longer than %1 characters.</source>
        <translation>Registreringsnumret är längre än %1 tecken.</translation>
    </message>
    <message>
        <source>The model is longer than %1 characters.</source>
        <translation>Modellen är längre än %1 tecken.</translation>
    </message>
    <message>
        <source>Unknown fuel type &quot;%1&quot;: use diesel or electric.</source>
        <translation>Okänt drivmedel &quot;%1&quot;: ange diesel eller el.</translation>
    </message>
    <message>
        <source>More fields than column names (a separator inside a value without quotes?).</source>
        <translation>Fler fält än kolumnnamn (ett avgränsningstecken i ett värde utan citattecken?).</translation>
    </message>
    <message>
        <source>The VIN is missing.</source>
        <translation>VIN saknas.</translation>
    </message>
    <message>
        <source>The VIN has %1 of 17 characters.</source>
        <translation>VIN har %1 av 17 tecken.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fil</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Rad</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Orsak</translation>
    </message>
    <message>
        <source>Import vehicles from CSV</source>
        <extracomment>the separator the saved report is written with (the locale&apos;s list separator)</extracomment>
        <translation>Importera fordon från CSV</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Ingen fil vald.</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Välj fil…</translation>
    </message>
    <message>
        <source>One vehicle per line; the first line names the columns: VIN (required), name, license_plate, fuel_type (diesel or electric), model. Comma, semicolon or tab separated, as Excel saves it.</source>
        <translation>Ett fordon per rad; första raden namnger kolumnerna: VIN (krävs), namn, regnr, drivmedel (diesel eller el), modell. Komma-, semikolon- eller tabbavgränsad, som Excel sparar den.</translation>
    </message>
    <message>
        <source>Show only skipped rows</source>
        <translation>Visa bara rader som hoppas över</translation>
    </message>
    <message>
        <source>Import preview</source>
        <translation>Förhandsgranskning av importen</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Importförlopp</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>Spara rapport…</translation>
    </message>
    <message>
        <source>Save the skipped rows and why, as CSV</source>
        <translation>Spara raderna som hoppas över och varför, som CSV</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importera</translation>
    </message>
    <message>
        <source>Import vehicles</source>
        <translation>Importera fordon</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-filer (*.csv *.txt);;Alla filer (*)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Läser filen…</translation>
    </message>
    <message>
        <source>The file can&apos;t be read: %1</source>
        <translation>Filen kan inte läsas: %1</translation>
    </message>
    <message>
        <source>The file could not be checked: %1</source>
        <translation>Filen kunde inte kontrolleras: %1</translation>
    </message>
    <message>
        <source>1 vehicle will be added.</source>
        <translation>1 fordon läggs till.</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicles will be added.</source>
        <translation>
            <numerusform>%n fordon läggs till.</numerusform>
            <numerusform>%n fordon läggs till.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 line will be skipped (listed in red).</source>
        <translation>1 rad hoppas över (i rött).</translation>
    </message>
    <message numerus="yes">
        <source>%n lines will be skipped (listed in red).</source>
        <translation>
            <numerusform>%n rad hoppas över (i rött).</numerusform>
            <numerusform>%n rader hoppas över (i rött).</numerusform>
        </translation>
    </message>
    <message>
        <source>Columns not imported: %1.</source>
        <translation>Kolumner som inte importeras: %1.</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>semikolon</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>komma</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>tabb</translation>
    </message>
    <message>
        <source>Read as %1, separated by %2.</source>
        <translation>Läst som %1, avgränsad med %2.</translation>
    </message>
    <message>
        <source>Import 1 vehicle</source>
        <translation>Importera 1 fordon</translation>
    </message>
    <message numerus="yes">
        <source>Import %n vehicles</source>
        <translation>
            <numerusform>Importera %n fordon</numerusform>
            <numerusform>Importera %n fordon</numerusform>
        </translation>
    </message>
    <message>
        <source>No line of the file can be added: see the reasons below.</source>
        <translation>Ingen rad i filen kan läggas till: se orsakerna nedan.</translation>
    </message>
    <message numerus="yes">
        <source>Adding %n vehicles…</source>
        <translation>
            <numerusform>Lägger till %n fordon…</numerusform>
            <numerusform>Lägger till %n fordon…</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was imported: the vehicle list changed while you looked at the preview (line %1: %2). The file has been checked again.</source>
        <translation>Inget importerades: fordonslistan ändrades medan du tittade på förhandsgranskningen (rad %1: %2). Filen har kontrollerats igen.</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>Inget importerades: %1</translation>
    </message>
    <message>
        <source>Save import report</source>
        <translation>Spara importrapport</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>Report saved to %1.</source>
        <translation>Rapporten sparades i %1.</translation>
    </message>
    <message>
        <source>The report could not be saved: %1</source>
        <translation>Rapporten kunde inte sparas: %1</translation>
    </message>
</context>
<context>
    <name>IntegrationsPane</name>
    <message>
        <source>Name of the system, e.g. Transport planning</source>
        <extracomment>the last creation&apos;s dialog (the only place its secret ever shows)</extracomment>
        <translation>Systemets namn, t.ex. Transportplanering</translation>
    </message>
    <message>
        <source>Name of the new client</source>
        <translation>Namn på den nya klienten</translation>
    </message>
    <message>
        <source>Create client</source>
        <translation>Skapa klient</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Återkalla…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <source>rFMS clients</source>
        <translation>rFMS-klienter</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Namn</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Klient-id</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Skapad</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Senast använd</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Third-party fleet systems read your vehicles that hold the Data interface product through the ACEA rFMS 4.0 standard. Create one client per system and give it the client ID and secret. Online only: clients are created and revoked in the portal at once, nothing is queued.</source>
        <translation>Externa flottsystem läser era fordon som har produkten Datagränssnitt via standarden ACEA rFMS 4.0. Skapa en klient per system och ge systemet klient-id och hemlighet. Kräver anslutning: klienter skapas och återkallas direkt i portalen, inget köas.</translation>
    </message>
    <message>
        <source>Type the name of the system first.</source>
        <translation>Skriv först systemets namn.</translation>
    </message>
    <message>
        <source>Select a client that is not revoked.</source>
        <translation>Välj en klient som inte är återkallad.</translation>
    </message>
    <message>
        <source>Token address: %1/oauth/token · rFMS address: %1/rfms</source>
        <translation>Tokenadress: %1/oauth/token · rFMS-adress: %1/rfms</translation>
    </message>
    <message>
        <source>Reading the clients from the portal…</source>
        <translation>Hämtar klienterna från portalen…</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Återkallad %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Aldrig</translation>
    </message>
    <message>
        <source>Active clients: %1</source>
        <translation>Aktiva klienter: %1</translation>
    </message>
    <message>
        <source>No clients yet. Create one for each system that should read your fleet.</source>
        <translation>Inga klienter ännu. Skapa en för varje system som ska läsa er fordonsflotta.</translation>
    </message>
    <message>
        <source>Creating the client in the portal…</source>
        <translation>Skapar klienten i portalen…</translation>
    </message>
    <message>
        <source>Revoke rFMS client</source>
        <translation>Återkalla rFMS-klient</translation>
    </message>
    <message>
        <source>Revoke %1? The system using it can no longer read your fleet; its access ends at once. This cannot be undone.</source>
        <translation>Återkalla %1? Systemet som använder den kan inte längre läsa er fordonsflotta; åtkomsten upphör direkt. Detta kan inte ångras.</translation>
    </message>
    <message>
        <source>Revoking the client in the portal…</source>
        <translation>Återkallar klienten i portalen…</translation>
    </message>
</context>
<context>
    <name>InvitationTableModel</name>
    <message>
        <source>Waiting to be sent</source>
        <translation>Väntar på att skickas</translation>
    </message>
    <message>
        <source>Being revoked</source>
        <translation>Återkallas</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Väntande</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Accepterad</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Återkallad</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Utgången</translation>
    </message>
    <message>
        <source>Invited</source>
        <translation>Inbjuden</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roller</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Går ut</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Invite a user</source>
        <translation>Bjud in en användare</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>Mobilnummer</translation>
    </message>
    <message>
        <source>E-mail address or mobile number</source>
        <translation>E-postadress eller mobilnummer</translation>
    </message>
    <message>
        <source>Someone invited by mobile number must add a valid e-mail address before the account can be used.</source>
        <translation>Den som bjuds in via mobilnummer måste lägga till en giltig e-postadress innan kontot kan användas.</translation>
    </message>
    <message>
        <source>The invitation is sent by the portal; it says how to accept it.</source>
        <translation>Inbjudan skickas av portalen; där står hur den accepteras.</translation>
    </message>
    <message>
        <source>You are offline: the invitation waits on this computer and is sent when MPRO Desktop is connected again.</source>
        <translation>Du är offline: inbjudan väntar på den här datorn och skickas när MPRO Desktop är ansluten igen.</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Bjud in</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>Skicka till</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roller</translation>
    </message>
    <message>
        <source>Enter the e-mail address to invite.</source>
        <translation>Ange e-postadressen som ska bjudas in.</translation>
    </message>
    <message>
        <source>Enter the mobile number to invite.</source>
        <translation>Ange mobilnumret som ska bjudas in.</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address (name@company.com).</source>
        <translation>Det här är ingen giltig e-postadress (namn@foretag.se).</translation>
    </message>
    <message>
        <source>Enter the mobile number with its country code, e.g. +46701234567.</source>
        <translation>Ange mobilnumret med landsnummer, t.ex. +46701234567.</translation>
    </message>
    <message>
        <source>Choose at least one role.</source>
        <translation>Välj minst en roll.</translation>
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
        <source>Sign in as dealer</source>
        <translation>Logga in som återförsäljare</translation>
    </message>
    <message>
        <source>For authorised dealers: verify customers and help them at the counter.</source>
        <translation>För auktoriserade återförsäljare: verifiera kunder och hjälp dem vid disken.</translation>
    </message>
    <message>
        <source>Create company account…</source>
        <translation>Skapa företagskonto…</translation>
    </message>
    <message>
        <source>Forgot password…</source>
        <translation>Glömt lösenordet…</translation>
    </message>
    <message>
        <source>I have an invitation…</source>
        <translation>Jag har en inbjudan…</translation>
    </message>
    <message>
        <source>Paste the code from the invitation e-mail or text message.</source>
        <translation>Klistra in koden från inbjudan i e-post eller sms.</translation>
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
        <extracomment>name -&gt; pane class offered, in navigation order (the order of the registry) name -&gt; pane, for the panes built so far every pane offered, by name in navigation order (reading one builds it) the roles the navigation was built for (None: not known, every pane) window-wide shortcuts the panes gave (removed again when the panes change) the File menu and the separator its pane entries go before (``_build_menus``)</extracomment>
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
        <source>Your roles have changed: the section you were in is no longer yours.</source>
        <translation>Dina roller har ändrats: avsnittet du var i är inte längre ditt.</translation>
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
    <name>MapPane</name>
    <message>
        <source>Fleet map</source>
        <translation>Flottkarta</translation>
    </message>
    <message>
        <source>Fit fleet</source>
        <translation>Visa hela flottan</translation>
    </message>
    <message>
        <source>Show every van (0 or F on the map)</source>
        <translation>Visa alla fordon (0 eller F på kartan)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zooma in</translation>
    </message>
    <message>
        <source>Zoom in (+ or the mouse wheel)</source>
        <translation>Zooma in (+ eller mushjulet)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zooma ut</translation>
    </message>
    <message>
        <source>Zoom out (- or the mouse wheel)</source>
        <translation>Zooma ut (- eller mushjulet)</translation>
    </message>
    <message>
        <source>Trails (last hour)</source>
        <translation>Spår (senaste timmen)</translation>
    </message>
    <message>
        <source>Click a van to select it.</source>
        <translation>Klicka på ett fordon för att välja det.</translation>
    </message>
    <message>
        <source>Open vehicle</source>
        <translation>Öppna fordon</translation>
    </message>
    <message>
        <source>Show the selected van in Vehicles (or double-click it)</source>
        <translation>Visa det valda fordonet under Fordon (eller dubbelklicka på det)</translation>
    </message>
    <message>
        <source>Trips of the selected van</source>
        <translation>Det valda fordonets resor</translation>
    </message>
    <message>
        <source>Replay trip</source>
        <translation>Spela upp resa</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppa</translation>
    </message>
    <message>
        <source>Trips:</source>
        <translation>Resor:</translation>
    </message>
    <message>
        <source>The map background could not be read; the vans are shown without it.</source>
        <translation>Kartbakgrunden kunde inte läsas; fordonen visas utan den.</translation>
    </message>
    <message numerus="yes">
        <source>%n vans</source>
        <translation>
            <numerusform>%n fordon</numerusform>
            <numerusform>%n fordon</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 vans have a position</source>
        <translation>%1 av %2 fordon har en position</translation>
    </message>
    <message>
        <source>Reading trips…</source>
        <translation>Läser resor…</translation>
    </message>
    <message>
        <source>The trips could not be read: %1</source>
        <translation>Resorna kunde inte läsas: %1</translation>
    </message>
    <message>
        <source>No trips yet.</source>
        <translation>Inga resor ännu.</translation>
    </message>
    <message>
        <source>Select a van to see its trips.</source>
        <translation>Välj ett fordon för att se dess resor.</translation>
    </message>
    <message>
        <source>Trips need a connection to the portal.</source>
        <translation>Resor kräver anslutning till portalen.</translation>
    </message>
    <message>
        <source>No positions of this trip in the local history (it keeps the last days).</source>
        <translation>Resans positioner finns inte i den lokala historiken (den sparar de senaste dagarna).</translation>
    </message>
    <message>
        <source>Selected: %1</source>
        <translation>Valt: %1</translation>
    </message>
</context>
<context>
    <name>MoveVehiclesDialog</name>
    <message>
        <source>Move vehicles to another account</source>
        <translation>Flytta fordon till ett annat konto</translation>
    </message>
    <message>
        <source>Tick the vehicles to move.</source>
        <extracomment>once removed: the vehicles moved and where each removal stands</extracomment>
        <translation>Markera fordonen som ska flyttas.</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 på %2</translation>
    </message>
    <message>
        <source>These subscriptions end at once and data transfer from the vehicles stops; the other account orders its own: %1.</source>
        <translation>Dessa abonnemang avslutas direkt och dataöverföringen från fordonen upphör; det andra kontot beställer sina egna: %1.</translation>
    </message>
    <message>
        <source>The vehicles hold no active subscription here.</source>
        <translation>Fordonen har inget aktivt abonnemang här.</translation>
    </message>
    <message>
        <source>Their history stays readable here while this account has an active service; the other account does not get it.</source>
        <translation>Deras historik går att läsa här så länge det här kontot har en aktiv tjänst; det andra kontot får den inte.</translation>
    </message>
    <message>
        <source>No active service is left in this account afterwards: the history of removed vehicles is then deleted. Export what you want to keep first (Logbook: Export CSV or PDF).</source>
        <translation>Efteråt finns ingen aktiv tjänst kvar i det här kontot: historiken för borttagna fordon raderas då. Exportera det du vill behålla först (Körjournal: Exportera CSV eller PDF).</translation>
    </message>
    <message>
        <source>The admin of the other account signs in there and adds each vehicle by its VIN (Vehicles → Add vehicle…, or Import… for many):</source>
        <translation>Administratören för det andra kontot loggar in där och lägger till varje fordon med dess VIN (Fordon → Lägg till fordon…, eller Importera… för många):</translation>
    </message>
    <message>
        <source>When nothing in this account is needed any more, its admin deletes it (Company → Delete company account…).</source>
        <translation>När inget i det här kontot behövs längre raderar dess administratör det (Företag → Radera företagskontot…).</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>The vehicles could not be removed: %1</source>
        <translation>Fordonen kunde inte tas bort: %1</translation>
    </message>
    <message>
        <source>waiting to upload: the other account can&apos;t add it yet</source>
        <translation>väntar på att skickas: det andra kontot kan inte lägga till det än</translation>
    </message>
    <message>
        <source>removed from this account: the other account can add it</source>
        <translation>borttaget från det här kontot: det andra kontot kan lägga till det</translation>
    </message>
    <message>
        <source>the portal refused the removal (see Conflicts): it is still in this account</source>
        <translation>portalen avvisade borttagningen (se Konflikter): det finns kvar i det här kontot</translation>
    </message>
    <message>
        <source>Then orders the products the vehicles need there; they start sending data once a service is active.</source>
        <translation>Beställer sedan de produkter fordonen behöver där; de börjar skicka data när en tjänst är aktiv.</translation>
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
        <extracomment>how many names / subscriptions the Dashboard lists (the PDF lists all)</extracomment>
        <translation>Översikt</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>Users</source>
        <extracomment>the mutation types whose refusals this pane explains</extracomment>
        <translation>Användare</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Logg</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Företag</translation>
    </message>
    <message>
        <source>My profile</source>
        <translation>Min profil</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Larm</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnemang</translation>
    </message>
    <message>
        <source>Map</source>
        <extracomment>how often the clock alone may turn vans stale (no new data needed) above this many vans every trail together is a hairball: only the selected van&apos;s is drawn until the user ticks &quot;Trails&quot; (bench &quot;fleet map frame&quot;)</extracomment>
        <translation>Karta</translation>
    </message>
    <message>
        <source>Logbook</source>
        <translation>Körjournal</translation>
    </message>
    <message>
        <source>Integrations</source>
        <extracomment>the portal&apos;s limit on a client&apos;s name (embedded_server/rfms/schemas.py NAME_MAX)</extracomment>
        <translation>Integrationer</translation>
    </message>
</context>
<context>
    <name>Online</name>
    <message>
        <source>The portal cannot be reached. Check your network and try again.</source>
        <translation>Portalen kan inte nås. Kontrollera nätverket och försök igen.</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again to go on.</source>
        <translation>Din session har upphört. Logga in igen för att fortsätta.</translation>
    </message>
    <message>
        <source>The portal does not offer this yet (or it was not found).</source>
        <translation>Portalen erbjuder inte detta ännu (eller så hittades det inte).</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>För många försök. Vänta några minuter och försök igen.</translation>
    </message>
    <message>
        <source>The portal refused: %1</source>
        <translation>Portalen nekade: %1</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Något gick fel: %1</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <source>Waiting for dealer confirmation</source>
        <translation>Väntar på återförsäljarens bekräftelse</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Beställd</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Per månad</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Totalt</translation>
    </message>
</context>
<context>
    <name>OrderWizard</name>
    <message>
        <source>not an eVan</source>
        <translation>inte en eVan</translation>
    </message>
    <message>
        <source>no communication module</source>
        <translation>ingen kommunikationsmodul</translation>
    </message>
    <message>
        <source>already has this product (or it is on order)</source>
        <translation>har redan produkten (eller har den beställd)</translation>
    </message>
    <message>
        <source>Only eVans can get this product: %1.</source>
        <translation>Bara eVans kan få den här produkten: %1.</translation>
    </message>
    <message>
        <source>These vehicles have no communication module: %1.</source>
        <translation>Dessa fordon saknar kommunikationsmodul: %1.</translation>
    </message>
    <message>
        <source>These vehicles already have a product of this order: %1.</source>
        <translation>Dessa fordon har redan en produkt i beställningen: %1.</translation>
    </message>
    <message>
        <source>Accept the terms listed below first (a new version may have been published).</source>
        <translation>Godkänn först villkoren nedan (en ny version kan ha publicerats).</translation>
    </message>
    <message>
        <source>A newer version of the terms was published: read and accept it.</source>
        <translation>En nyare version av villkoren har publicerats: läs och godkänn den.</translation>
    </message>
    <message>
        <source>A vehicle was removed from the account: %1.</source>
        <translation>Ett fordon har tagits bort från kontot: %1.</translation>
    </message>
    <message>
        <source>Your role may not place orders.</source>
        <translation>Din roll får inte lägga beställningar.</translation>
    </message>
    <message>
        <source>Order products</source>
        <extracomment>one id for every attempt: a lost answer is found again, never ordered twice</extracomment>
        <translation>Beställ produkter</translation>
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
    <name>PendingOrders</name>
    <message>
        <source> and %1 more</source>
        <translation> och %1 till</translation>
    </message>
    <message>
        <source>The customer has not accepted every terms and conditions this order needs. Only the customer can accept them (in MPRO Desktop, Products); confirm the order afterwards.</source>
        <translation>Kunden har inte godkänt alla villkor som beställningen kräver. Bara kunden själv kan godkänna dem (i MPRO Desktop, Produkter); bekräfta beställningen efteråt.</translation>
    </message>
    <message>
        <source>Some of the order&apos;s vehicles hold one of its products already. The customer needs to place a new order without them.</source>
        <translation>Några av beställningens fordon har redan en av dess produkter. Kunden behöver lägga en ny beställning utan dem.</translation>
    </message>
    <message>
        <source>This order no longer waits for a confirmation: it was confirmed meanwhile. The list is read again.</source>
        <translation>Beställningen väntar inte längre på bekräftelse: den har bekräftats under tiden. Listan läses in igen.</translation>
    </message>
    <message>
        <source>Open a support session on the customer&apos;s company first.</source>
        <translation>Öppna först en supportsession för kundens företag.</translation>
    </message>
    <message>
        <source>The support session has ended. Open a new one with the customer&apos;s support password.</source>
        <translation>Supportsessionen har avslutats. Öppna en ny med kundens supportlösenord.</translation>
    </message>
    <message>
        <source>This order is not the customer company&apos;s, or it is gone.</source>
        <translation>Beställningen tillhör inte kundens företag, eller så finns den inte längre.</translation>
    </message>
</context>
<context>
    <name>PendingOrdersBox</name>
    <message>
        <source>Pending orders</source>
        <translation>Väntande beställningar</translation>
    </message>
    <message>
        <source>Orders waiting for confirmation</source>
        <translation>Beställningar som väntar på bekräftelse</translation>
    </message>
    <message>
        <source>Order / product</source>
        <translation>Beställning / produkt</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Löptid</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Per månad</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Totalt</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>True while the orders are being read (Refresh waits)</extracomment>
        <translation>Uppdatera</translation>
    </message>
    <message>
        <source>Confirm order…</source>
        <translation>Bekräfta beställning…</translation>
    </message>
    <message>
        <source>Open a support session to see the customer company&apos;s orders that wait for a dealer&apos;s confirmation.</source>
        <translation>Öppna en supportsession för att se de beställningar från kundens företag som väntar på en återförsäljares bekräftelse.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>Välj en beställning först.</translation>
    </message>
    <message>
        <source>Open a support session first.</source>
        <translation>Öppna en supportsession först.</translation>
    </message>
    <message>
        <source>Reading the customer&apos;s orders…</source>
        <translation>Läser in kundens beställningar…</translation>
    </message>
    <message>
        <source>The orders could not be read: %1</source>
        <translation>Beställningarna kunde inte läsas in: %1</translation>
    </message>
    <message>
        <source>No orders wait for a dealer&apos;s confirmation.</source>
        <translation>Inga beställningar väntar på en återförsäljares bekräftelse.</translation>
    </message>
    <message>
        <source>1 order waits for your confirmation.</source>
        <translation>1 beställning väntar på din bekräftelse.</translation>
    </message>
    <message>
        <source>%1 orders wait for your confirmation.</source>
        <translation>%1 beställningar väntar på din bekräftelse.</translation>
    </message>
    <message>
        <source>Ordered %1 by %2</source>
        <translation>Beställd %1 av %2</translation>
    </message>
    <message>
        <source>1 vehicle</source>
        <translation>1 fordon</translation>
    </message>
    <message>
        <source>%1 vehicles</source>
        <translation>%1 fordon</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>och %1 till</translation>
    </message>
    <message>
        <source>Confirm order</source>
        <translation>Bekräfta beställning</translation>
    </message>
    <message>
        <source>Confirm the order placed %1 by %2? Its subscriptions start at once: %3 per month, %4 in total over the term. This is recorded in the customer&apos;s audit log.</source>
        <translation>Bekräfta beställningen som lades %1 av %2? Abonnemangen startar direkt: %3 per månad, %4 totalt under löptiden. Detta registreras i kundens granskningslogg.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bekräfta</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Order confirmed: it is active now and its subscriptions have started.</source>
        <translation>Beställningen är bekräftad: den är aktiv nu och abonnemangen har startat.</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>Only a verified administrator can invite users — show your ID at a dealer to verify your account.</source>
        <extracomment>the codes :func:`refusal_text` has its own sentence for</extracomment>
        <translation>Endast en verifierad administratör kan bjuda in användare — visa din id-handling hos en återförsäljare för att verifiera ditt konto.</translation>
    </message>
    <message>
        <source>You cannot change your own roles. Ask another administrator to do it.</source>
        <translation>Du kan inte ändra dina egna roller. Be en annan administratör göra det.</translation>
    </message>
    <message>
        <source>The company must keep at least one administrator. Make another user an administrator first.</source>
        <translation>Företaget måste ha minst en administratör kvar. Gör en annan användare till administratör först.</translation>
    </message>
    <message>
        <source>You cannot delete your own user. Ask another administrator to do it.</source>
        <translation>Du kan inte radera din egen användare. Be en annan administratör göra det.</translation>
    </message>
    <message>
        <source>The country cannot be changed after registration. A company in another country needs a company account of its own.</source>
        <translation>Landet kan inte ändras efter registreringen. Ett företag i ett annat land behöver ett eget företagskonto.</translation>
    </message>
    <message>
        <source>This needs a connection to the portal. Try again when online.</source>
        <translation>Detta kräver anslutning till portalen. Försök igen när du är online.</translation>
    </message>
    <message>
        <source>Only a pending invitation can be revoked.</source>
        <translation>Endast en väntande inbjudan kan återkallas.</translation>
    </message>
    <message>
        <source>The portal refused the change (%1).</source>
        <translation>Portalen nekade ändringen (%1).</translation>
    </message>
    <message>
        <source>Only a company administrator can invite, change or delete users.</source>
        <translation>Endast en företagsadministratör kan bjuda in, ändra eller radera användare.</translation>
    </message>
    <message>
        <source>Only a company administrator or a fleet manager can add, rename or remove vehicles.</source>
        <translation>Endast en företagsadministratör eller en fordonschef kan lägga till, byta namn på eller ta bort fordon.</translation>
    </message>
    <message>
        <source>Only a company administrator can change or delete the company account and read the audit log.</source>
        <translation>Endast en företagsadministratör kan ändra eller radera företagskontot och läsa granskningsloggen.</translation>
    </message>
    <message>
        <source>Only a company administrator or a fleet manager can order products.</source>
        <translation>Endast en företagsadministratör eller en fordonschef kan beställa produkter.</translation>
    </message>
    <message>
        <source>Only a company administrator or a fleet manager can acknowledge alerts.</source>
        <translation>Endast en företagsadministratör eller en fordonschef kan kvittera larm.</translation>
    </message>
    <message>
        <source>Your roles do not allow this.</source>
        <translation>Dina roller tillåter inte detta.</translation>
    </message>
</context>
<context>
    <name>PreconditioningForm</name>
    <message>
        <source>Now</source>
        <translation>Nu</translation>
    </message>
    <message>
        <source>At departure time</source>
        <translation>Vid avgångstid</translation>
    </message>
    <message>
        <source>Departure time</source>
        <translation>Avgångstid</translation>
    </message>
    <message>
        <source>Cabin temperature</source>
        <translation>Kupétemperatur</translation>
    </message>
    <message>
        <source>Pre-condition</source>
        <translation>Förklimatisera</translation>
    </message>
    <message>
        <source>The departure time has passed; choose a later one.</source>
        <translation>Avgångstiden har passerat; välj en senare tid.</translation>
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
        <source>needs eVan</source>
        <translation>kräver eVan</translation>
    </message>
    <message>
        <source>needs communication module</source>
        <translation>kräver kommunikationsmodul</translation>
    </message>
    <message>
        <source>Price per vehicle and month with a %1-month term</source>
        <translation>Pris per fordon och månad vid %1 månaders avtalstid</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>%1 mo./month</source>
        <translation>%1 mån./månad</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Kräver</translation>
    </message>
</context>
<context>
    <name>ProductsPane</name>
    <message>
        <source>Product catalogue</source>
        <translation>Produktkatalog</translation>
    </message>
    <message>
        <source>Product details</source>
        <translation>Produktinformation</translation>
    </message>
    <message>
        <source>Order…</source>
        <translation>Beställ…</translation>
    </message>
    <message>
        <source>Simulator module file…</source>
        <translation>Modulfil för simulatorn…</translation>
    </message>
    <message>
        <source>Prices per vehicle and month; a longer term costs less per month. The portal and vehicle administration are free. Ordering needs a connection to the portal: nothing is queued offline.</source>
        <translation>Priser per fordon och månad; längre avtalstid ger lägre månadspris. Portalen och fordonsadministrationen är kostnadsfria. Beställning kräver anslutning till portalen: inget köas offline.</translation>
    </message>
    <message>
        <source>Free, for every vehicle.</source>
        <translation>Kostnadsfritt, för alla fordon.</translation>
    </message>
    <message>
        <source>Needs:</source>
        <translation>Kräver:</translation>
    </message>
    <message>
        <source>Includes:</source>
        <translation>Ingår:</translation>
    </message>
    <message>
        <source>Terms to accept:</source>
        <translation>Villkor att godkänna:</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Avtalstid</translation>
    </message>
    <message>
        <source>Per vehicle and month</source>
        <translation>Per fordon och månad</translation>
    </message>
    <message>
        <source>Per vehicle, whole term</source>
        <translation>Per fordon, hela avtalstiden</translation>
    </message>
    <message>
        <source>Parts one by one, per month</source>
        <translation>Delarna var för sig, per månad</translation>
    </message>
    <message>
        <source>You save over the term</source>
        <translation>Du sparar under avtalstiden</translation>
    </message>
    <message>
        <source>No price is known for this product.</source>
        <translation>Inget pris är känt för produkten.</translation>
    </message>
    <message>
        <source>Ordering needs a connection to the portal (an order is binding and is never queued offline).</source>
        <translation>Beställning kräver anslutning till portalen (en beställning är bindande och köas aldrig offline).</translation>
    </message>
    <message>
        <source>The catalogue has not arrived from the portal yet.</source>
        <translation>Katalogen har inte kommit från portalen än.</translation>
    </message>
    <message>
        <source>For trainers: write the module tokens of the vans with an active module to a file the vehicle simulator (mpro-sim) reads.</source>
        <translation>För utbildare: skriv modulnycklarna för fordonen med aktiv modul till en fil som fordonssimulatorn (mpro-sim) läser.</translation>
    </message>
    <message>
        <source>Order products for your vehicles: choose, see the cost, accept the terms.</source>
        <translation>Beställ produkter till dina fordon: välj, se kostnaden, godkänn villkoren.</translation>
    </message>
    <message>
        <source>Writing the file needs a connection to the portal (it makes new module tokens).</source>
        <translation>Filen kräver anslutning till portalen (den skapar nya modulnycklar).</translation>
    </message>
    <message>
        <source>Save the simulator&apos;s module file</source>
        <translation>Spara simulatorns modulfil</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-filer (*.json)</translation>
    </message>
    <message>
        <source>No vehicle has an active module yet: order a service for it first.</source>
        <translation>Inget fordon har en aktiv modul än: beställ först en tjänst till det.</translation>
    </message>
    <message>
        <source>%1 vans written to %2. Start the simulator with: mpro-sim --server URL --modules %2 (the vans&apos; earlier module tokens no longer work).</source>
        <translation>%1 fordon skrivna till %2. Starta simulatorn med: mpro-sim --server URL --modules %2 (fordonens tidigare modulnycklar slutar gälla).</translation>
    </message>
    <message>
        <source>The file was not written: %1</source>
        <translation>Filen skrevs inte: %1</translation>
    </message>
    <message>
        <source>Making module tokens…</source>
        <translation>Skapar modulnycklar…</translation>
    </message>
</context>
<context>
    <name>Profile</name>
    <message>
        <source>Enter your birth date.</source>
        <translation>Ange ditt födelsedatum.</translation>
    </message>
    <message>
        <source>The birth date must be in the past.</source>
        <translation>Födelsedatumet måste ligga bakåt i tiden.</translation>
    </message>
    <message>
        <source>Users must be at least 18 years old.</source>
        <translation>Användare måste vara minst 18 år.</translation>
    </message>
</context>
<context>
    <name>ProfilePane</name>
    <message>
        <source>First name</source>
        <translation>Förnamn</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Efternamn</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Mobil</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Födelsedatum</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>Save personal data</source>
        <translation>Spara personuppgifter</translation>
    </message>
    <message>
        <source>Read from the portal</source>
        <translation>Läs från portalen</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personuppgifter</translation>
    </message>
    <message>
        <source>Saved on the portal at once (needs a connection); nothing is queued. Your birth date is what a dealer compares with your ID.</source>
        <translation>Sparas direkt i portalen (kräver anslutning); inget köas. Ditt födelsedatum är det en återförsäljare jämför med din id-handling.</translation>
    </message>
    <message>
        <source>Your data</source>
        <translation>Dina uppgifter</translation>
    </message>
    <message>
        <source>Everything the portal stores about you, as a machine-readable JSON file. The file is readable only by your user account on this computer.</source>
        <translation>Allt portalen sparar om dig, som maskinläsbar JSON-fil. Filen kan bara läsas av ditt användarkonto på den här datorn.</translation>
    </message>
    <message>
        <source>Export my data…</source>
        <translation>Exportera mina uppgifter…</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>Exportförlopp</translation>
    </message>
    <message>
        <source>Enter your first and last name.</source>
        <translation>Ange förnamn och efternamn.</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address (name@company.com).</source>
        <translation>Det här är ingen giltig e-postadress (namn@foretag.se).</translation>
    </message>
    <message>
        <source>Enter the mobile number with its country code, e.g. +46701234567.</source>
        <translation>Ange mobilnumret med landsnummer, t.ex. +46701234567.</translation>
    </message>
    <message>
        <source>Nothing has been changed.</source>
        <translation>Inget har ändrats.</translation>
    </message>
    <message>
        <source>Save your personal data on the portal</source>
        <translation>Spara dina personuppgifter i portalen</translation>
    </message>
    <message>
        <source>Read your personal data from the portal</source>
        <translation>Läs dina personuppgifter från portalen</translation>
    </message>
    <message>
        <source>The support password must be %1–%2 characters without whitespace, entered twice the same.</source>
        <translation>Supportlösenordet måste ha %1–%2 tecken utan blanksteg och anges likadant två gånger.</translation>
    </message>
    <message>
        <source>Send the new support password to the portal</source>
        <translation>Skicka det nya supportlösenordet till portalen</translation>
    </message>
    <message>
        <source>An export is running.</source>
        <translation>En export pågår.</translation>
    </message>
    <message>
        <source>Save everything the portal stores about you to a file</source>
        <translation>Spara allt portalen sparar om dig i en fil</translation>
    </message>
    <message>
        <source>Saved on the portal.</source>
        <translation>Sparat i portalen.</translation>
    </message>
    <message>
        <source>The support password is set. It is valid until you set a new one.</source>
        <translation>Supportlösenordet är angivet. Det gäller tills du anger ett nytt.</translation>
    </message>
    <message>
        <source>The portal did not accept this support password: 6–20 characters, no whitespace, entered twice the same.</source>
        <translation>Portalen godtog inte supportlösenordet: 6–20 tecken, inga blanksteg, angivet likadant två gånger.</translation>
    </message>
    <message>
        <source>Export my data</source>
        <translation>Exportera mina uppgifter</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-filer (*.json)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporterar…</translation>
    </message>
    <message>
        <source>Saved %1 (%2 kB).</source>
        <translation>Sparade %1 (%2 kB).</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Create a company account</source>
        <extracomment>countries offered at registration (ISO 3166-1 alpha-2); the country never changes (R6)</extracomment>
        <translation>Skapa ett företagskonto</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Lösenord igen</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Företag</translation>
    </message>
    <message>
        <source>You (the company administrator)</source>
        <translation>Du (företagsadministratören)</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Företagsnamn</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Gatuadress</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Postnummer</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Organisation number</source>
        <translation>Organisationsnummer</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Förnamn</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Efternamn</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Mobil</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Födelsedatum</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <source>The country cannot be changed later; one address per company.</source>
        <translation>Landet kan inte ändras senare; en adress per företag.</translation>
    </message>
    <message>
        <source>The birth date is what a dealer compares with your ID.</source>
        <translation>Födelsedatumet är det en återförsäljare jämför med din id-handling.</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Skapa konto</translation>
    </message>
    <message>
        <source>Portal address</source>
        <translation>Portaladress</translation>
    </message>
    <message>
        <source>Needs a connection to the portal.</source>
        <translation>Kräver anslutning till portalen.</translation>
    </message>
    <message>
        <source>Enter the portal address, starting with https://.</source>
        <translation>Ange portalens adress, som börjar med https://.</translation>
    </message>
    <message>
        <source>company name</source>
        <translation>företagsnamnet</translation>
    </message>
    <message>
        <source>street</source>
        <translation>gatuadressen</translation>
    </message>
    <message>
        <source>postal code</source>
        <translation>postnumret</translation>
    </message>
    <message>
        <source>city</source>
        <translation>orten</translation>
    </message>
    <message>
        <source>organisation number</source>
        <translation>organisationsnumret</translation>
    </message>
    <message>
        <source>Enter the %1.</source>
        <translation>Ange %1.</translation>
    </message>
    <message>
        <source>Enter the company phone with its country code, e.g. +46812345678.</source>
        <translation>Ange företagets telefonnummer med landsnummer, t.ex. +46812345678.</translation>
    </message>
    <message>
        <source>Enter your first and last name.</source>
        <translation>Ange förnamn och efternamn.</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address (name@company.com).</source>
        <translation>Det här är ingen giltig e-postadress (namn@foretag.se).</translation>
    </message>
    <message>
        <source>Enter the mobile number with its country code, e.g. +46701234567.</source>
        <translation>Ange mobilnumret med landsnummer, t.ex. +46701234567.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>Lösenordet måste ha minst %1 tecken.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>De två lösenorden är inte likadana.</translation>
    </message>
    <message>
        <source>Done. Sign in with %1 and your password. If this e-mail address already had an MPRO login, confirm the new company membership from the e-mail sent to it first. Dealer verification comes next: show your ID at a dealer to invite users and complete purchases.</source>
        <translation>Klart. Logga in med %1 och ditt lösenord. Om e-postadressen redan hade en MPRO-inloggning bekräftar du först det nya företagsmedlemskapet från mejlet som skickades dit. Sedan är det dags för verifiering: visa din id-handling hos en återförsäljare för att kunna bjuda in användare och slutföra köp.</translation>
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
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset your password</source>
        <translation>Återställ ditt lösenord</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-post</translation>
    </message>
    <message>
        <source>Send me a reset code</source>
        <translation>Skicka en återställningskod</translation>
    </message>
    <message>
        <source>Code from the e-mail</source>
        <translation>Koden från mejlet</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nytt lösenord</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Nytt lösenord igen</translation>
    </message>
    <message>
        <source>Set the new password</source>
        <translation>Ange det nya lösenordet</translation>
    </message>
    <message>
        <source>1. Your e-mail address</source>
        <translation>1. Din e-postadress</translation>
    </message>
    <message>
        <source>2. The code from the e-mail and a new password</source>
        <translation>2. Koden från mejlet och ett nytt lösenord</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Once more</source>
        <translation>En gång till</translation>
    </message>
    <message>
        <source>Needs a connection to the portal.</source>
        <translation>Kräver anslutning till portalen.</translation>
    </message>
    <message>
        <source>Enter the e-mail address you sign in with.</source>
        <translation>Ange e-postadressen du loggar in med.</translation>
    </message>
    <message>
        <source>Paste the code from the e-mail.</source>
        <translation>Klistra in koden från mejlet.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>Lösenordet måste ha minst %1 tecken.</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>De två lösenorden är inte likadana.</translation>
    </message>
    <message>
        <source>The code is wrong, used already or expired. Request a new one and use the newest e-mail.</source>
        <translation>Koden är fel, redan använd eller har gått ut. Begär en ny och använd det senaste mejlet.</translation>
    </message>
    <message>
        <source>If %1 has an MPRO login, an e-mail with a reset code is on its way. The code works once and for one hour.</source>
        <translation>Om %1 har en MPRO-inloggning är ett mejl med en återställningskod på väg. Koden fungerar en gång och i en timme.</translation>
    </message>
    <message>
        <source>Your password is changed and you were signed out everywhere. Sign in with the new password.</source>
        <translation>Ditt lösenord är ändrat och du har loggats ut överallt. Logga in med det nya lösenordet.</translation>
    </message>
</context>
<context>
    <name>RoleBoxes</name>
    <message>
        <source>users, roles, the company account and the audit log</source>
        <translation>användare, roller, företagskontot och granskningsloggen</translation>
    </message>
    <message>
        <source>vehicles, orders and alerts</source>
        <translation>fordon, beställningar och larm</translation>
    </message>
    <message>
        <source>sees the fleet and sends remote commands</source>
        <translation>ser fordonsparken och skickar fjärrkommandon</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>Roles of %1</source>
        <translation>Roller för %1</translation>
    </message>
    <message>
        <source>Save roles</source>
        <translation>Spara roller</translation>
    </message>
    <message>
        <source>Roles of %1:</source>
        <translation>Roller för %1:</translation>
    </message>
    <message>
        <source>Choose at least one role.</source>
        <translation>Välj minst en roll.</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>rFMS client created</source>
        <translation>rFMS-klient skapad</translation>
    </message>
    <message>
        <source>Copy the client secret now: it is shown only this once. The portal keeps only a hash of it. If it is lost, revoke this client and create a new one.</source>
        <translation>Kopiera klienthemligheten nu: den visas bara den här gången. Portalen sparar endast ett hashvärde av den. Om den går förlorad, återkalla klienten och skapa en ny.</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Klient-id</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Klienthemlighet</translation>
    </message>
    <message>
        <source>Token address</source>
        <translation>Tokenadress</translation>
    </message>
    <message>
        <source>rFMS address</source>
        <translation>rFMS-adress</translation>
    </message>
    <message>
        <source>Copy client ID</source>
        <translation>Kopiera klient-id</translation>
    </message>
    <message>
        <source>Copy secret</source>
        <translation>Kopiera hemlighet</translation>
    </message>
    <message>
        <source>I have copied it</source>
        <translation>Jag har kopierat den</translation>
    </message>
    <message>
        <source>rFMS client</source>
        <translation>rFMS-klient</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiera</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Kopierat till urklipp.</translation>
    </message>
</context>
<context>
    <name>SubscriptionTableModel</name>
    <message>
        <source>Ending now (not sent yet)</source>
        <translation>Avslutas nu (inte skickat än)</translation>
    </message>
    <message>
        <source>Ending at term end (not sent yet)</source>
        <translation>Avslutas vid periodens slut (inte skickat än)</translation>
    </message>
    <message>
        <source>Active, ends %1</source>
        <translation>Aktivt, upphör %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktivt</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Avslutat</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Avtalstid</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Per månad</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Startdatum</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Slut</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>SubscriptionsPane</name>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnemang</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Beställningar</translation>
    </message>
    <message>
        <source>End subscription…</source>
        <translation>Avsluta abonnemang…</translation>
    </message>
    <message>
        <source>Subscriptions and orders</source>
        <translation>Abonnemang och beställningar</translation>
    </message>
    <message>
        <source>Active subscriptions: %1 · orders waiting for a dealer: %2</source>
        <translation>Aktiva abonnemang: %1 · beställningar som väntar på återförsäljare: %2</translation>
    </message>
    <message>
        <source>Orders (%1 waiting)</source>
        <translation>Beställningar (%1 väntar)</translation>
    </message>
    <message>
        <source>Select a subscription first.</source>
        <translation>Välj ett abonnemang först.</translation>
    </message>
    <message>
        <source>This subscription has ended.</source>
        <translation>Abonnemanget har avslutats.</translation>
    </message>
    <message>
        <source>Its end is on its way to the portal.</source>
        <translation>Uppsägningen är på väg till portalen.</translation>
    </message>
    <message>
        <source>End the selected subscription at the end of its term or at once.</source>
        <translation>Avsluta det valda abonnemanget vid periodens slut eller omedelbart.</translation>
    </message>
</context>
<context>
    <name>SupportBanner</name>
    <message>
        <source>End session</source>
        <extracomment>the ID-document fields the portal may name as mismatched (R11)</extracomment>
        <translation>Avsluta sessionen</translation>
    </message>
    <message>
        <source>Support session: acting as %1 (%2) for %3 until %4.</source>
        <translation>Supportsession: du agerar som %1 (%2) för %3 till %4.</translation>
    </message>
    <message>
        <source>%1 min left</source>
        <translation>%1 min kvar</translation>
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
    <name>SupportPasswordBox</name>
    <message>
        <source>Support password</source>
        <translation>Supportlösenord</translation>
    </message>
    <message>
        <source>New support password</source>
        <translation>Nytt supportlösenord</translation>
    </message>
    <message>
        <source>Support password again</source>
        <translation>Supportlösenord igen</translation>
    </message>
    <message>
        <source>Set support password</source>
        <translation>Ange supportlösenord</translation>
    </message>
    <message>
        <source>Once more</source>
        <translation>En gång till</translation>
    </message>
    <message>
        <source>Give it to a dealer or support agent to let them act in your name, with your roles, for 60 minutes; everything they do is in the audit log. It is sent to the portal at once (needs a connection) and never stored on this computer. A new one replaces the old one.</source>
        <translation>Ge det till en återförsäljare eller supporthandläggare så kan de agera i ditt namn, med dina roller, i 60 minuter; allt de gör hamnar i granskningsloggen. Det skickas direkt till portalen (kräver anslutning) och sparas aldrig på den här datorn. Ett nytt ersätter det gamla.</translation>
    </message>
    <message>
        <source>6–20 characters</source>
        <translation>6–20 tecken</translation>
    </message>
    <message>
        <source>no spaces or other whitespace</source>
        <translation>inga mellanslag eller andra blanksteg</translation>
    </message>
    <message>
        <source>both entries are the same</source>
        <translation>båda inmatningarna är likadana</translation>
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
        <extracomment>(start, end) while a history range is shown, None while live</extracomment>
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
    <name>TripReplay</name>
    <message>
        <source>now</source>
        <translation>nu</translation>
    </message>
</context>
<context>
    <name>TripsPane</name>
    <message>
        <source>Vehicle</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Från datum</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Till datum</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Visa</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportera CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Exportera PDF…</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Resor</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>to</source>
        <translation>till</translation>
    </message>
    <message>
        <source>Every trip from ignition on to ignition off, with where it started and ended. Read from the portal when you ask; not kept on this computer.</source>
        <translation>Varje resa från tändning på till tändning av, med var den började och slutade. Hämtas från portalen när du ber om det; sparas inte på den här datorn.</translation>
    </message>
    <message>
        <source>No vehicle to show.</source>
        <translation>Inget fordon att visa.</translation>
    </message>
    <message>
        <source>The first day is after the last one.</source>
        <translation>Första dagen är efter den sista.</translation>
    </message>
    <message>
        <source>Reading the trips from the portal…</source>
        <translation>Hämtar resorna från portalen…</translation>
    </message>
    <message numerus="yes">
        <source>%n trips.</source>
        <translation>
            <numerusform>%n resa.</numerusform>
            <numerusform>%n resor.</numerusform>
        </translation>
    </message>
    <message>
        <source>No trips in this period.</source>
        <translation>Inga resor under perioden.</translation>
    </message>
    <message>
        <source>Total %1, driving time %2</source>
        <translation>Totalt %1, körtid %2</translation>
    </message>
    <message>
        <source>Show some trips first.</source>
        <translation>Visa några resor först.</translation>
    </message>
    <message>
        <source>Logbook: %1</source>
        <translation>Körjournal: %1</translation>
    </message>
    <message>
        <source>Export logbook as CSV</source>
        <translation>Exportera körjournalen som CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>Export logbook as PDF</source>
        <translation>Exportera körjournalen som PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-filer (*.pdf)</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>Skriver %1…</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Sparade %1.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kunde inte skriva %1: %2</translation>
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
        <source>✔ Verified</source>
        <translation>✔ Verifierad</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Inte verifierad</translation>
    </message>
    <message>
        <source>New roles waiting to be sent</source>
        <translation>Nya roller väntar på att skickas</translation>
    </message>
    <message>
        <source>Being deleted</source>
        <translation>Raderas</translation>
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
        <source>Not verified yet: the user shows an ID document at a dealer.</source>
        <translation>Inte verifierad ännu: användaren visar en id-handling hos en återförsäljare.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>UsersPane</name>
    <message>
        <source>Invite user…</source>
        <translation>Bjud in användare…</translation>
    </message>
    <message>
        <source>Change roles…</source>
        <translation>Ändra roller…</translation>
    </message>
    <message>
        <source>Delete user…</source>
        <translation>Radera användare…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>Invitations</source>
        <translation>Inbjudningar</translation>
    </message>
    <message>
        <source>Revoke invitation</source>
        <translation>Återkalla inbjudan</translation>
    </message>
    <message>
        <source>Copy invitation code</source>
        <translation>Kopiera inbjudningskoden</translation>
    </message>
    <message>
        <source>Changes are saved on this computer at once and sent to the portal, also after working offline.</source>
        <translation>Ändringar sparas direkt på den här datorn och skickas till portalen, även efter arbete offline.</translation>
    </message>
    <message>
        <source>Select a user in the list first.</source>
        <translation>Markera en användare i listan först.</translation>
    </message>
    <message>
        <source>This user is being deleted.</source>
        <translation>Användaren håller på att raderas.</translation>
    </message>
    <message>
        <source>Select an invitation first.</source>
        <translation>Markera en inbjudan först.</translation>
    </message>
    <message>
        <source>Invite someone to the company</source>
        <translation>Bjud in någon till företaget</translation>
    </message>
    <message>
        <source>Change the selected user&apos;s roles</source>
        <translation>Ändra den markerade användarens roller</translation>
    </message>
    <message>
        <source>Delete the selected user</source>
        <translation>Radera den markerade användaren</translation>
    </message>
    <message>
        <source>Revoke the invitation</source>
        <translation>Återkalla inbjudan</translation>
    </message>
    <message>
        <source>The invitation code is shown only on the computer it was sent from, once the portal has accepted the invitation.</source>
        <translation>Inbjudningskoden visas bara på datorn som inbjudan skickades från, när portalen har tagit emot inbjudan.</translation>
    </message>
    <message>
        <source>Copy the code to hand it over to the invited person</source>
        <translation>Kopiera koden för att ge den till den inbjudna</translation>
    </message>
    <message>
        <source>Not accepted by the portal: %1</source>
        <translation>Inte godtaget av portalen: %1</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Användare</translation>
    </message>
    <message>
        <source>Delete user</source>
        <translation>Radera användare</translation>
    </message>
    <message>
        <source>Delete %1 (%2)? They can no longer sign in to the company account and are told so by e-mail.</source>
        <translation>Radera %1 (%2)? Personen kan inte längre logga in på företagskontot och får besked via e-post.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Radera</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behåll</translation>
    </message>
</context>
<context>
    <name>VehicleDetail</name>
    <message>
        <source>Select a vehicle</source>
        <extracomment>The chart, or a placeholder while pyqtgraph loads (``chart_slot``). doors, windows, hood, lock and tyres on a van outline, gear, plug, ignition</extracomment>
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
        <source>Lock</source>
        <translation>Lås</translation>
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
        <translation>Låst</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Olåst</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Inga data ännu</translation>
    </message>
</context>
<context>
    <name>VehicleStatus</name>
    <message>
        <source>Not plugged in</source>
        <extracomment>the tyre colours follow the alert rule&apos;s default thresholds (one home: domain.alerts)</extracomment>
        <translation>Inte inkopplad</translation>
    </message>
    <message>
        <source>Plug inserted</source>
        <translation>Kontakt isatt</translation>
    </message>
    <message>
        <source>Plug locked</source>
        <translation>Kontakt låst</translation>
    </message>
    <message>
        <source>Charging</source>
        <translation>Laddar</translation>
    </message>
    <message>
        <source>P (park)</source>
        <translation>P (parkering)</translation>
    </message>
    <message>
        <source>R (reverse)</source>
        <translation>R (back)</translation>
    </message>
    <message>
        <source>N (neutral)</source>
        <translation>N (neutral)</translation>
    </message>
    <message>
        <source>D (drive)</source>
        <translation>D (körläge)</translation>
    </message>
    <message>
        <source>Vehicle status drawing</source>
        <translation>Ritning av fordonets status</translation>
    </message>
    <message>
        <source>Doors: %1</source>
        <translation>Dörrar: %1</translation>
    </message>
    <message>
        <source>open</source>
        <translation>öppna</translation>
    </message>
    <message>
        <source>driver&apos;s door</source>
        <translation>förardörren</translation>
    </message>
    <message>
        <source>passenger door</source>
        <translation>passagerardörren</translation>
    </message>
    <message>
        <source>sliding door</source>
        <translation>skjutdörren</translation>
    </message>
    <message>
        <source>rear doors</source>
        <translation>bakdörrarna</translation>
    </message>
    <message>
        <source>driver&apos;s window</source>
        <translation>förarrutan</translation>
    </message>
    <message>
        <source>passenger window</source>
        <translation>passagerarrutan</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>stängda</translation>
    </message>
    <message>
        <source>partly open</source>
        <translation>delvis öppen</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>okänt</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>a door is open (the vehicle does not say which)</source>
        <translation>en dörr är öppen (fordonet säger inte vilken)</translation>
    </message>
    <message>
        <source>a window is open (the vehicle does not say which)</source>
        <translation>en ruta är öppen (fordonet säger inte vilken)</translation>
    </message>
    <message>
        <source>Windows: %1</source>
        <translation>Fönster: %1</translation>
    </message>
    <message>
        <source>Hood: %1</source>
        <translation>Motorhuv: %1</translation>
    </message>
    <message>
        <source>Lock: %1</source>
        <translation>Lås: %1</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>låst</translation>
    </message>
    <message>
        <source>unlocked</source>
        <translation>olåst</translation>
    </message>
    <message>
        <source>Gear</source>
        <extracomment>the clock staleness is measured against (the pane gives it the table&apos;s)</extracomment>
        <translation>Växel</translation>
    </message>
    <message>
        <source>Ignition</source>
        <translation>Tändning</translation>
    </message>
    <message>
        <source>Plug</source>
        <translation>Laddkontakt</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>Dörrar</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Fönster</translation>
    </message>
    <message>
        <source>Hood</source>
        <translation>Motorhuv</translation>
    </message>
    <message>
        <source>Outside / cabin</source>
        <translation>Ute / kupé</translation>
    </message>
    <message>
        <source>Open: %1</source>
        <translation>Öppen: %1</translation>
    </message>
    <message>
        <source>On</source>
        <translation>På</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Av</translation>
    </message>
    <message>
        <source>A door is open</source>
        <translation>En dörr är öppen</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Stängt</translation>
    </message>
    <message>
        <source>A window is open</source>
        <translation>En ruta är öppen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öppet</translation>
    </message>
    <message>
        <source>No connection since %1: the values below are from then.</source>
        <translation>Ingen anslutning sedan %1: värdena nedan är från då.</translation>
    </message>
</context>
<context>
    <name>VehicleTableModel</name>
    <message>
        <source>None</source>
        <extracomment>Live columns whose sort key is one status field. A search text whose fields need their blanks collapsed (rare): whitespace other than single inner spaces, e.g. a double space or a tab in a name. Compiled on first use (≈ 10 ms at import, and the first paint rarely needs it). sort order of the module column: none, not activated, active</extracomment>
        <translation>Ingen</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>No communication module built in: the vehicle can be administered but sends no data.</source>
        <translation>Ingen inbyggd kommunikationsmodul: fordonet kan administreras men skickar inga data.</translation>
    </message>
    <message>
        <source>Communication module not activated: it starts when a paid service is booked for the vehicle.</source>
        <translation>Kommunikationsmodulen är inte aktiverad: den startar när en avgiftsbelagd tjänst bokas för fordonet.</translation>
    </message>
    <message>
        <source>Communication module active: the vehicle sends data.</source>
        <translation>Kommunikationsmodulen är aktiv: fordonet skickar data.</translation>
    </message>
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
        <source>Module</source>
        <translation>Modul</translation>
    </message>
    <message>
        <source>Communication module: none, inactive or active</source>
        <translation>Kommunikationsmodul: ingen, inaktiv eller aktiv</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>The vehicle&apos;s active paid products</source>
        <translation>Fordonets aktiva avgiftsbelagda produkter</translation>
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
        <source>Last contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>When the vehicle last sent data (&quot;as of&quot; once older than %1 minutes)</source>
        <translation>Senaste gången fordonet skickade data (&quot;per&quot; när det är äldre än %1 minuter)</translation>
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
        <source>Import…</source>
        <translation>Importera…</translation>
    </message>
    <message>
        <source>Add many vehicles from a CSV file</source>
        <translation>Lägg till många fordon från en CSV-fil</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportera</translation>
    </message>
    <message>
        <source>Save the vehicle list or the subscriptions as CSV</source>
        <translation>Spara fordonslistan eller abonnemangen som CSV</translation>
    </message>
    <message>
        <source>Vehicles (CSV)…</source>
        <translation>Fordon (CSV)…</translation>
    </message>
    <message>
        <source>Subscriptions (CSV)…</source>
        <translation>Abonnemang (CSV)…</translation>
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
        <source>Move vehicles to another account…</source>
        <translation>Flytta fordon till ett annat konto…</translation>
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
        <source>Export vehicles</source>
        <translation>Exportera fordon</translation>
    </message>
    <message>
        <source>Export subscriptions</source>
        <translation>Exportera abonnemang</translation>
    </message>
    <message>
        <source>vehicles</source>
        <translation>fordon</translation>
    </message>
    <message>
        <source>subscriptions</source>
        <translation>abonnemang</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-filer (*.csv)</translation>
    </message>
    <message>
        <source>The file could not be saved: %1</source>
        <translation>Filen kunde inte sparas: %1</translation>
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
    <name>_AlertsTile</name>
    <message>
        <source>Open the Alerts</source>
        <translation>Visa Larm</translation>
    </message>
    <message>
        <source>%1 critical · %2 warning · %3 info</source>
        <translation>%1 kritiska · %2 varningar · %3 info</translation>
    </message>
</context>
<context>
    <name>_CostPage</name>
    <message>
        <source>Cost</source>
        <translation>Kostnad</translation>
    </message>
    <message>
        <source>What the order costs, per month and over the whole term.</source>
        <translation>Vad beställningen kostar, per månad och över hela avtalstiden.</translation>
    </message>
    <message>
        <source>Cost of the order</source>
        <translation>Beställningens kostnad</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Avtalstid</translation>
    </message>
    <message>
        <source>Per vehicle and month</source>
        <translation>Per fordon och månad</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Per månad</translation>
    </message>
    <message>
        <source>Whole term</source>
        <translation>Hela avtalstiden</translation>
    </message>
    <message>
        <source>Package: the parts one by one cost %1 per vehicle and month; you save %2 over the term.</source>
        <translation>Paket: delarna var för sig kostar %1 per fordon och månad; du sparar %2 under avtalstiden.</translation>
    </message>
    <message>
        <source>Per year</source>
        <translation>Per år</translation>
    </message>
    <message>
        <source>Total over %1</source>
        <translation>Totalt för %1</translation>
    </message>
    <message>
        <source>Package saving</source>
        <translation>Paketbesparing</translation>
    </message>
    <message>
        <source>Prices excluding VAT, billed monthly per vehicle.</source>
        <translation>Priser exklusive moms, faktureras månadsvis per fordon.</translation>
    </message>
</context>
<context>
    <name>_ProductsPage</name>
    <message>
        <source>Products</source>
        <translation>Produkter</translation>
    </message>
    <message>
        <source>Choose products or a package and the term. Ordering needs a connection to the portal: the order and the terms you accept are binding, nothing is queued offline.</source>
        <translation>Välj produkter eller ett paket och avtalstid. Beställning kräver anslutning till portalen: beställningen och villkoren du godkänner är bindande, inget köas offline.</translation>
    </message>
    <message>
        <source>Products to order</source>
        <translation>Produkter att beställa</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>Avtalstid</translation>
    </message>
    <message>
        <source>Term:</source>
        <translation>Avtalstid:</translation>
    </message>
    <message>
        <source>%1 per vehicle and month</source>
        <translation>%1 per fordon och månad</translation>
    </message>
    <message>
        <source>not sold for this term</source>
        <translation>säljs inte med denna avtalstid</translation>
    </message>
    <message>
        <source>%1 and %2 share a product: choose one of them.</source>
        <translation>%1 och %2 innehåller samma produkt: välj en av dem.</translation>
    </message>
    <message>
        <source>%1 is not sold for this term.</source>
        <translation>%1 säljs inte med denna avtalstid.</translation>
    </message>
</context>
<context>
    <name>_ReadyPage</name>
    <message>
        <source>Is the other account ready?</source>
        <translation>Är det andra kontot redo?</translation>
    </message>
    <message>
        <source>This program only sees this account. Ask the admin of the other account and tick what is true; the vehicles are removed here only then.</source>
        <translation>Programmet ser bara det här kontot. Fråga administratören för det andra kontot och markera det som stämmer; först då tas fordonen bort här.</translation>
    </message>
    <message>
        <source>The other company account exists (registered in MPRO).</source>
        <translation>Det andra företagskontot finns (registrerat i MPRO).</translation>
    </message>
    <message>
        <source>Its admin is verified by a dealer (otherwise its orders wait for a dealer to confirm them and the vehicles send no data until then).</source>
        <translation>Dess administratör är verifierad av en återförsäljare (annars väntar dess beställningar på att en återförsäljare bekräftar dem och fordonen skickar ingen data till dess).</translation>
    </message>
    <message>
        <source>Its admin has accepted the terms of the products the vehicles need there (orders without them are refused).</source>
        <translation>Dess administratör har godkänt villkoren för de produkter fordonen behöver där (beställningar utan dem avvisas).</translation>
    </message>
</context>
<context>
    <name>_RemovePage</name>
    <message>
        <source>Remove the vehicles from this account</source>
        <translation>Ta bort fordonen från det här kontot</translation>
    </message>
    <message>
        <source>Where each removal stands</source>
        <translation>Hur långt varje borttagning har kommit</translation>
    </message>
    <message>
        <source>What the other account&apos;s admin does</source>
        <translation>Vad det andra kontots administratör gör</translation>
    </message>
    <message>
        <source>Copy the VINs</source>
        <translation>Kopiera VIN-numren</translation>
    </message>
    <message>
        <source>Remove from this account: %1 vehicles</source>
        <translation>Ta bort från det här kontot: %1 fordon</translation>
    </message>
</context>
<context>
    <name>_ResultPage</name>
    <message>
        <source>Order placed</source>
        <translation>Beställningen är lagd</translation>
    </message>
    <message>
        <source>%1 per month, %2 in total.</source>
        <translation>%1 per månad, %2 totalt.</translation>
    </message>
    <message>
        <source>Your order is waiting for a dealer to confirm it.</source>
        <translation>Din beställning väntar på att en återförsäljare bekräftar den.</translation>
    </message>
    <message>
        <source>Your user is not verified yet, so the purchase cannot be completed online. Show your ID document at an authorised MPRO dealer: the dealer verifies you and confirms the order. The subscriptions start, and the vehicles&apos; modules are activated, when the dealer has confirmed it.</source>
        <translation>Din användare är inte verifierad än, så köpet kan inte slutföras online. Visa din id-handling hos en auktoriserad MPRO-återförsäljare: återförsäljaren verifierar dig och bekräftar beställningen. Abonnemangen startar, och fordonens moduler aktiveras, när återförsäljaren har bekräftat den.</translation>
    </message>
    <message>
        <source>Your order is active.</source>
        <translation>Din beställning är aktiv.</translation>
    </message>
    <message>
        <source>The subscriptions started today and the vehicles&apos; communication modules are activated. You find them under Subscriptions.</source>
        <translation>Abonnemangen startade i dag och fordonens kommunikationsmoduler är aktiverade. Du hittar dem under Abonnemang.</translation>
    </message>
    <message>
        <source>Order number: %1</source>
        <translation>Ordernummer: %1</translation>
    </message>
</context>
<context>
    <name>_TermsPage</name>
    <message>
        <source>Terms</source>
        <translation>Villkor</translation>
    </message>
    <message>
        <source>Read the terms these products need and accept each one you have not accepted yet.</source>
        <translation>Läs villkoren som produkterna kräver och godkänn dem du inte har godkänt än.</translation>
    </message>
    <message>
        <source>Place order</source>
        <translation>Lägg beställning</translation>
    </message>
    <message>
        <source>Reading the terms from the portal…</source>
        <translation>Hämtar villkoren från portalen…</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1 (version %2)</translation>
    </message>
    <message>
        <source>I have read and accept “%1”</source>
        <translation>Jag har läst och godkänner ”%1”</translation>
    </message>
    <message>
        <source>Not accepted yet: %1.</source>
        <translation>Inte godkända än: %1.</translation>
    </message>
    <message>
        <source>Already accepted: %1.</source>
        <translation>Redan godkända: %1.</translation>
    </message>
    <message>
        <source>You have accepted every term these products need: %1.</source>
        <translation>Du har godkänt alla villkor som produkterna kräver: %1.</translation>
    </message>
    <message>
        <source>Your acceptance is recorded with version and time and becomes binding with the order.</source>
        <translation>Ditt godkännande registreras med version och tidpunkt och blir bindande med beställningen.</translation>
    </message>
    <message>
        <source>Placing the order with the portal…</source>
        <translation>Lägger beställningen hos portalen…</translation>
    </message>
</context>
<context>
    <name>_VehiclesPage</name>
    <message>
        <source>Vehicles</source>
        <translation>Fordon</translation>
    </message>
    <message>
        <source>Search vehicles…</source>
        <translation>Sök fordon…</translation>
    </message>
    <message>
        <source>Vehicles to order for</source>
        <translation>Fordon att beställa till</translation>
    </message>
    <message>
        <source>Select all that can</source>
        <translation>Välj alla som kan</translation>
    </message>
    <message>
        <source>Which vehicles get %1? Vehicles that cannot say why.</source>
        <translation>Vilka fordon ska få %1? Fordon som inte kan visar varför.</translation>
    </message>
    <message>
        <source>%1 chosen; %2 of %3 vehicles can get these products.</source>
        <translation>%1 valda; %2 av %3 fordon kan få produkterna.</translation>
    </message>
    <message>
        <source>Move vehicles to another account</source>
        <extracomment>how often the last page looks whether the portal applied the removals</extracomment>
        <translation>Flytta fordon till ett annat konto</translation>
    </message>
    <message>
        <source>Company accounts can&apos;t be merged. To move vehicles: 1. remove them from this account, 2. the admin of the other account adds them there by VIN, 3. delete this account when nothing in it is needed any more.</source>
        <translation>Företagskonton kan inte slås ihop. Så flyttar du fordon: 1. ta bort dem från det här kontot, 2. administratören för det andra kontot lägger till dem där med VIN, 3. radera det här kontot när inget i det behövs längre.</translation>
    </message>
    <message>
        <source>Search name, VIN, plate…</source>
        <translation>Sök namn, VIN, reg.nr…</translation>
    </message>
    <message>
        <source>Search vehicles</source>
        <translation>Sök fordon</translation>
    </message>
    <message>
        <source>Vehicles to move</source>
        <translation>Fordon att flytta</translation>
    </message>
    <message>
        <source>What the removal ends in this account</source>
        <translation>Vad borttagningen avslutar i det här kontot</translation>
    </message>
    <message>
        <source>Vehicles to move:</source>
        <translation>Fordon att flytta:</translation>
    </message>
</context>
<context>
    <name>alerts</name>
    <message>
        <source>Tyre pressure low</source>
        <translation>Lågt däcktryck</translation>
    </message>
    <message>
        <source>Tyre pressure dropping fast</source>
        <translation>Däcktrycket sjunker snabbt</translation>
    </message>
    <message>
        <source>Fuel low</source>
        <translation>Lite bränsle</translation>
    </message>
    <message>
        <source>Battery low</source>
        <translation>Låg batterinivå</translation>
    </message>
    <message>
        <source>Door open while parked</source>
        <translation>Dörr öppen vid parkering</translation>
    </message>
    <message>
        <source>Unlocked while parked</source>
        <translation>Olåst vid parkering</translation>
    </message>
    <message>
        <source>Charging interrupted</source>
        <translation>Laddningen avbröts</translation>
    </message>
    <message>
        <source>No contact</source>
        <translation>Ingen kontakt</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritiskt</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Varning</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>%1 (not sent yet)</source>
        <translation>%1 (inte skickat än)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öppet</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Kvitterat</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Stängt</translation>
    </message>
    <message>
        <source>%1 −%2 kPa</source>
        <translation>%1 −%2 kPa</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>sedan %1</translation>
    </message>
    <message>
        <source>last heard %1</source>
        <translation>senast hörd %1</translation>
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
        <source>Charging</source>
        <translation>Laddning</translation>
    </message>
    <message>
        <source>Pre-conditioning</source>
        <translation>Förklimatisering</translation>
    </message>
    <message>
        <source>No status from this van yet; it checks the conditions itself.</source>
        <translation>Ingen status från bilen ännu; bilen kontrollerar villkoren själv.</translation>
    </message>
    <message>
        <source>Not met now:</source>
        <translation>Inte uppfyllt nu:</translation>
    </message>
    <message>
        <source>Not known until live data arrives:</source>
        <translation>Okänt tills livedata kommer:</translation>
    </message>
    <message>
        <source>All conditions are met now.</source>
        <translation>Alla villkor är uppfyllda nu.</translation>
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
    <name>logbook</name>
    <message>
        <source>in progress</source>
        <translation>pågår</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Från</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Slut</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Till</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Sträcka</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Tid</translation>
    </message>
    <message>
        <source>Max speed</source>
        <translation>Högsta hastighet</translation>
    </message>
    <message>
        <source>%1 trips, %2, driving time %3</source>
        <translation>%1 resor, %2, körtid %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Starting the embedded portal and vehicle simulator…</source>
        <extracomment>``--demo --as``: the people of the demo seed one can be (issue 10)
----------
&quot;cache&quot; once open, &quot;ready&quot; once everything is up, &quot;error&quot; if that failed.</extracomment>
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
