/**
 * Who arrives, and from where: nationalities of people intercepted in the Channel and of people
 * placed in removal centres, with the names, spellings and languages usual for each.
 * Names are `name` or `name/variant/variant`: a variant is another Latin spelling of the same
 * name, which staff record as an alias.
 */

export interface NationalityProfile {
  code: string;
  /** Share of people intercepted at sea, and of people placed directly in removal centres. */
  boatWeight: number;
  removalWeight: number;
  /** Languages with the probability each is spoken (the first drawn is the main one). */
  languages: [string, number][];
  /** Probability that the person also gives English, or French. */
  english: number;
  french: number;
  /** Of the parties in a boat from this country: families, single women, children alone. */
  familyShare: number;
  womanShare: number;
  childAloneShare: number;
  /** The family name comes first in the name (Vietnamese). */
  familyFirst?: boolean;
  male: string[];
  female: string[];
  family: string[];
}

const list = (names: string) => names.split(',').map((name) => name.trim()).filter(Boolean);

export const NATIONALITIES: NationalityProfile[] = [
  {
    code: 'AFG',
    boatWeight: 18,
    removalWeight: 6,
    // Afghanistan's Persian is recorded as Dari (prs), as the check-in form and the notices name it.
    languages: [['prs', 0.6], ['ps', 0.4], ['ur', 0.05]],
    english: 0.25,
    french: 0.02,
    familyShare: 0.16,
    womanShare: 0.02,
    childAloneShare: 0.06,
    male: list('Mohammad/Muhammad/Mohamad, Ahmad/Ahmed, Ali, Hamid, Mustafa/Mostafa, Abdul Rahman/Abdurrahman, Rahmatullah, Hekmatullah, Zabihullah, Farid, Javid/Jawid, Naveed/Navid, Sayed/Said, Bilal, Hassan/Hasan, Hussain/Hossein/Husain, Jawad/Javad, Khalid/Khaled, Mahmood/Mahmoud, Nasir/Naser, Omid, Qasim/Kasim, Rahim, Samiullah, Shafiq, Sohail, Tariq/Tarek, Wahid, Yasin, Ali Reza/Alireza, Mohammad Nabi, Habib, Ismail, Karim, Latif, Masoud, Sharif, Noorullah/Nurullah'),
    female: list('Fatima/Fatema, Maryam/Mariam, Zahra, Sakina, Shabnam, Farzana, Nargis, Parwana, Roya, Sima, Laila/Leila, Mina, Nilofar/Niloufar, Zainab/Zeinab, Hawa, Freshta'),
    family: list('Ahmadi/Ahmady, Hosseini/Husseini/Hussaini, Rahimi, Mohammadi/Muhammadi, Sultani/Soltani, Noori/Nouri, Popal, Safi, Stanikzai, Karimi, Hakimi, Haidari/Heydari, Jafari/Djafari, Rezaei/Rezai, Sadiqi, Amiri, Wardak, Zazai, Durrani, Yousufzai/Yusufzai, Nazari, Rasuli/Rasouli, Azizi, Habibi, Qaderi/Kaderi, Samadi, Akbari, Faizi, Mangal, Kakar, Sharifi, Alizada/Alizadeh'),
  },
  {
    code: 'IRN',
    boatWeight: 9,
    removalWeight: 3,
    languages: [['fa', 0.75], ['ckb', 0.15], ['kmr', 0.1]],
    english: 0.35,
    french: 0.02,
    familyShare: 0.15,
    womanShare: 0.06,
    childAloneShare: 0.02,
    male: list('Ali, Mohammad/Mohamad, Reza, Hossein/Hussein, Mehdi/Mahdi, Amir, Hamid, Saeed/Said, Majid, Behnam, Babak, Arash, Kaveh, Pouya/Puya, Sina, Omid, Navid, Farhad, Peyman/Payman, Hadi, Masoud/Massoud, Mohsen, Ehsan, Milad, Kourosh/Kurosh, Dariush/Daryoush, Shahin, Siavash'),
    female: list('Maryam, Fatemeh/Fatima, Zahra, Narges, Sara, Leila/Layla, Shirin, Niloufar, Parisa, Mahsa, Roya, Azadeh, Neda, Golnar'),
    family: list('Mohammadi, Hosseini/Husseini, Ahmadi, Rezaei/Rezai, Karimi, Moradi, Jafari/Jafary, Rahimi, Kazemi, Ebrahimi/Ibrahimi, Hashemi, Sadeghi/Sadeqi, Mousavi/Musavi, Rostami, Shahbazi, Bahrami, Ghorbani/Qorbani, Nazari, Azizi, Kurdi/Kordi, Amini, Soltani, Heidari/Haidari, Zamani, Ranjbar, Salehi, Abbasi, Mahmoudi/Mahmudi'),
  },
  {
    code: 'TUR',
    boatWeight: 6,
    removalWeight: 5,
    languages: [['tr', 0.65], ['kmr', 0.35]],
    english: 0.2,
    french: 0.03,
    familyShare: 0.08,
    womanShare: 0.04,
    childAloneShare: 0.01,
    male: list('Mehmet/Mehmed, Mustafa, Ahmet/Ahmed, Ali, Hüseyin/Huseyin, Hasan, İbrahim/Ibrahim, Murat/Murad, Emre, Serkan, Yusuf, Ömer/Omer, Kadir, Ramazan, Abdullah, Burak, Fatih, Halil, Kemal, Ozan, Rojhat, Welat'),
    female: list('Ayşe/Ayse, Fatma, Zeynep/Zeinep, Emine, Elif, Hatice/Hatidje, Merve, Özlem/Ozlem, Rojda, Berfin'),
    family: list('Yılmaz/Yilmaz, Kaya, Demir, Şahin/Sahin, Çelik/Celik, Yıldız/Yildiz, Aydın/Aydin, Özdemir/Ozdemir, Arslan/Aslan, Doğan/Dogan, Kılıç/Kilic, Çetin/Cetin, Kara, Koç/Koc, Kurt, Özkan/Ozkan, Polat, Tekin, Akbulut, Güneş/Gunes, Bozkurt, Ekinci'),
  },
  {
    code: 'ERI',
    boatWeight: 11,
    removalWeight: 2,
    languages: [['ti', 0.85], ['ar', 0.1], ['tig', 0.1]],
    english: 0.3,
    french: 0.01,
    familyShare: 0.04,
    womanShare: 0.15,
    childAloneShare: 0.05,
    male: list('Yonas/Yonass, Dawit/Dawid, Samuel, Filmon/Filimon, Merhawi, Mussie/Musie, Habtom, Biniam/Biniyam, Kidane, Robel, Aman, Mehari, Semere, Yohannes/Yohanes, Tekle, Amanuel/Emanuel, Henok, Efrem/Ephrem, Natnael, Michael/Mikael, Daniel, Abraham, Isaac, Simon, Teklit, Yemane, Goitom, Tesfay/Tesfai'),
    female: list('Senait/Senayt, Helen, Luwam, Selam, Hiwet, Saba, Rahel/Rachel, Tsega, Winta, Yordanos, Feven, Ruta, Eden, Meron'),
    family: list('Tesfaye/Tesfay/Tesfai, Ghebremedhin/Gebremedhin, Haile/Hailé, Tekle, Berhane/Berhe, Kidane, Habte, Yohannes, Mehari, Woldemichael/Weldemichael, Ghebreyesus/Gebreyesus, Tsegay/Tsegai, Gebremariam/Ghebremariam, Andemariam, Weldu/Woldu, Araya, Asmelash, Fitsum, Ghirmay/Girmay, Kahsay, Negash, Okbay, Solomon, Tewelde/Tewolde, Zerai, Hagos, Measho'),
  },
  {
    code: 'SDN',
    boatWeight: 10,
    removalWeight: 3,
    languages: [['ar', 0.95], ['fvr', 0.05]],
    english: 0.3,
    french: 0.02,
    familyShare: 0.02,
    womanShare: 0.01,
    childAloneShare: 0.05,
    male: list('Mohamed/Mohammed/Muhammad, Ahmed/Ahmad, Osman/Othman, Abdallah/Abdullah, Adam, Ibrahim, Yousif/Yousef/Youssef, Omer/Omar, Hassan, Musa/Moussa, Ismail, Babiker/Babikir, Elsadig/Al Sadiq, Khalid, Mustafa, Hamid, Abdelrahman/Abdulrahman, Abubakar/Abakar, Idris/Idriss, Salih/Saleh, Elfatih/Al Fatih, Yahia/Yahya, Haroun/Harun, Anwar'),
    female: list('Amna/Amina, Fatima, Khadija, Aisha/Aicha, Hawa, Mariam, Safia, Zainab, Hanan, Rayan'),
    family: list('Abdalla/Abdallah, Adam, Ahmed, Ali, Ibrahim, Ismail, Mohamed/Mohammed, Musa, Osman, Yousif, Hassan, Elnour/Al Nour, Babiker, Abakar, Haroun, Idris, Yagoub/Yacoub, Eltayeb/Al Tayeb, Elamin/Al Amin, Hamid, Suleiman/Sulaiman, Abdelkarim/Abdulkarim, Omer, Bashir, Elhassan, Mahmoud'),
  },
  {
    code: 'SYR',
    boatWeight: 11,
    removalWeight: 3,
    languages: [['ar', 0.8], ['kmr', 0.2]],
    english: 0.3,
    french: 0.02,
    familyShare: 0.18,
    womanShare: 0.03,
    childAloneShare: 0.03,
    male: list('Mohammad/Mohamad/Muhammad, Ahmad/Ahmed, Khaled/Khalid, Omar/Omer, Mahmoud/Mahmud, Abdullah, Yusuf/Youssef, Hussein/Hussain, Ali, Hassan, Rami, Bashar, Fadi, Samer, Tarek/Tariq, Walid/Waleed, Ziad/Ziyad, Ibrahim, Mustafa, Amjad, Anas, Bilal, Hamza, Jamal, Karim, Majd, Qusai/Kusai, Wael, Hadi'),
    female: list('Fatima, Aya, Rasha, Hala, Lina, Nour/Noor, Rana, Reem/Rim, Sara, Yara, Dima, Ghada, Hiba, Maha, Salma'),
    family: list('Al Ahmad/Alahmad, Al Hussein/Alhussein, Al Ali/Alali, Khalil, Haddad, Hamdan, Othman/Osman, Darwish/Darwich, Kurdi, Mansour/Mansur, Nasser/Nasir, Saleh, Shami/Chami, Haj Ali, Hasan, Hamoud, Ibrahim, Jaber, Khatib/Al Khatib, Masri/Al Masri, Najjar, Qassem/Kassem, Sabbagh, Suleiman, Zein, Halabi, Rifai, Ali Agha'),
  },
  {
    code: 'IRQ',
    boatWeight: 10,
    removalWeight: 4,
    languages: [['ckb', 0.55], ['ar', 0.35], ['kmr', 0.1]],
    english: 0.3,
    french: 0.02,
    familyShare: 0.2,
    womanShare: 0.04,
    childAloneShare: 0.02,
    male: list('Ahmed/Ahmad, Ali, Hawre/Hawra, Karwan, Rebwar/Rebuar, Soran, Dilshad, Aram, Bryar, Hemn, Kawa, Shwan, Zana, Omar, Mohammed/Mohamed, Hussein, Mustafa, Sarkawt, Rekan, Harem, Halo, Diyar, Alan, Azad, Baran'),
    female: list('Shilan, Nasrin/Nesrin, Dilan, Rozhin, Avin, Sozan, Shno, Lana, Ronak, Zhino, Hana, Narin, Bahar'),
    family: list('Ahmed, Mohammed/Muhammad, Kurdi, Hama, Aziz, Abdullah, Rashid/Rachid, Karim, Rasul/Rasool, Salih/Saleh, Hassan, Qadir/Kadir, Mahmoud, Omar, Faraj, Jalal, Kakei/Kakai, Barzani, Hawrami, Othman, Amin, Sharif, Rahim, Hamid, Sabir/Saber'),
  },
  {
    code: 'VNM',
    boatWeight: 8,
    removalWeight: 2,
    languages: [['vi', 1]],
    english: 0.15,
    french: 0.03,
    familyShare: 0.04,
    womanShare: 0.25,
    childAloneShare: 0.04,
    familyFirst: true,
    male: list('Văn Minh/Van Minh, Văn Hùng/Van Hung, Đức Anh/Duc Anh, Quang Huy, Văn Nam/Van Nam, Thành Long/Thanh Long, Minh Tuấn/Minh Tuan, Văn Tài/Van Tai, Hữu Phước/Huu Phuoc, Văn Dũng/Van Dung, Công Thành/Cong Thanh, Đình Khoa/Dinh Khoa, Văn Sơn/Van Son, Tiến Dũng/Tien Dung, Quốc Bảo/Quoc Bao'),
    female: list('Thị Lan/Thi Lan, Thị Hoa/Thi Hoa, Thị Mai/Thi Mai, Thị Hương/Thi Huong, Thị Thu/Thi Thu, Ngọc Anh/Ngoc Anh, Thị Hằng/Thi Hang, Thu Trang, Thị Linh/Thi Linh, Thị Nga/Thi Nga'),
    family: list('Nguyễn/Nguyen, Trần/Tran, Lê/Le, Phạm/Pham, Hoàng/Hoang, Huỳnh/Huynh, Phan, Vũ/Vu, Võ/Vo, Đặng/Dang, Bùi/Bui, Đỗ/Do, Hồ/Ho, Ngô/Ngo, Dương/Duong, Lý/Ly'),
  },
  {
    code: 'ALB',
    boatWeight: 3,
    removalWeight: 7,
    languages: [['sq', 1]],
    english: 0.4,
    french: 0.05,
    familyShare: 0.02,
    womanShare: 0.03,
    childAloneShare: 0.02,
    male: list('Arben, Besnik, Dritan, Ergys, Florian, Gentian, Klodian, Erion, Elton, Ardit, Andi, Marjus, Kristi, Endrit, Xhuljo/Julio, Redon, Sokol, Artan, Fatjon, Eljo'),
    female: list('Anisa, Blerina, Elona, Jonida, Klea, Ornela, Rezarta, Sara, Xhensila/Jensila, Brikena'),
    family: list('Hoxha/Hodja, Shehu, Dervishi, Leka, Kola, Gjoka, Marku, Krasniqi/Krasniqui, Berisha, Basha, Cela/Çela, Hasani, Prifti, Duka, Gjini, Lleshi, Meta, Rama, Tafa, Zeneli, Mema, Halili, Shkurti, Xhafa/Djafa'),
  },
  {
    code: 'EGY',
    boatWeight: 4,
    removalWeight: 4,
    languages: [['ar', 1]],
    english: 0.4,
    french: 0.05,
    familyShare: 0.03,
    womanShare: 0.01,
    childAloneShare: 0.04,
    male: list('Mohamed/Mohammed, Ahmed, Mahmoud, Mostafa/Moustafa, Abdelrahman/Abdel Rahman, Omar, Youssef/Yousef, Karim, Islam, Hossam/Hussam, Amr, Tarek, Sherif/Cherif, Wael, Hany/Hani'),
    female: list('Nour, Mariam, Salma, Yasmin/Yasmine, Heba, Aya, Doaa, Mona'),
    family: list('Abdelaziz/Abdel Aziz, Hassan, Mahmoud, Ibrahim, Elsayed/El Sayed, Mostafa, Farouk/Farouq, Gamal/Jamal, Mansour, Salem, Shawky/Shawki, Soliman/Suleiman, Abdelhamid, Fathy/Fathi, Ramadan, Khalifa, Ezzat, Hegazy/Hegazi'),
  },
  {
    code: 'ETH',
    boatWeight: 5,
    removalWeight: 1,
    languages: [['am', 0.45], ['om', 0.35], ['ti', 0.2]],
    english: 0.3,
    french: 0.01,
    familyShare: 0.05,
    womanShare: 0.18,
    childAloneShare: 0.04,
    male: list('Abebe, Dawit, Getachew, Tesfaye, Kebede, Mulugeta, Biruk, Yonatan, Solomon, Tadesse/Tadese, Bekele, Girma, Hailu, Leul, Natnael, Abdi, Chala/Chaala, Gemechu, Lemma/Lema, Tolosa'),
    female: list('Tigist, Meron, Hana/Hanna, Bethlehem, Selamawit, Mahlet, Aster, Almaz, Genet, Hirut'),
    family: list('Bekele, Tadesse, Alemu, Getachew, Haile, Kebede, Mekonnen/Mekonen, Tesfaye, Wolde, Girma, Desta, Abera, Gebre, Lemma, Tolosa, Gudina, Regassa, Abebe, Assefa/Asefa, Demissie'),
  },
  {
    code: 'SOM',
    boatWeight: 3,
    removalWeight: 1,
    languages: [['so', 0.95], ['ar', 0.1]],
    english: 0.35,
    french: 0.01,
    familyShare: 0.06,
    womanShare: 0.1,
    childAloneShare: 0.04,
    male: list('Abdirahman/Abdurahman, Abdullahi/Abdilahi, Mohamed/Maxamed, Ahmed/Axmed, Hassan/Xasan, Abdi, Ali, Omar, Yusuf, Ismail, Abdikarim, Abdirizak, Farah, Hussein, Liban, Mahad, Mukhtar, Said, Osman, Warsame'),
    female: list('Hodan, Fartun, Amina, Asha, Halima/Xaliimo, Hibo, Ifrah, Khadra, Nasra, Sahra'),
    family: list('Mohamed, Ali, Hassan, Abdi, Ahmed, Farah, Hussein, Omar, Warsame, Jama, Osman, Yusuf, Aden/Adan, Egal, Elmi, Guled, Hersi/Hirsi, Ismail, Nur/Noor, Samatar'),
  },
  {
    code: 'DZA',
    boatWeight: 0,
    removalWeight: 24,
    languages: [['ar', 0.9], ['kab', 0.2]],
    english: 0.15,
    french: 0.65,
    familyShare: 0,
    womanShare: 0.04,
    childAloneShare: 0,
    male: list('Mohamed/Mohammed, Karim, Yacine/Yassine, Amine, Sofiane/Sofian, Bilal, Nabil, Mehdi, Rachid/Rashid, Samir, Walid, Hamza, Ayoub, Anis, Redouane/Ridouane, Youcef/Youssef, Khaled, Hichem/Hicham, Zakaria, Said, Mourad, Nassim, Farid, Omar, Adel'),
    female: list('Amina, Nadia, Samira, Leila, Sarah, Yasmina, Khadija, Imane, Sonia, Lamia'),
    family: list('Benali/Ben Ali, Bouzid, Brahimi, Belkacem, Haddad, Mansouri, Saidi, Cherif/Sharif, Hamidi, Khelifi, Boudiaf, Meziane, Rahmani, Taleb, Zerrouki, Benmoussa, Bouchama, Chaoui, Ferhat, Guendouz'),
  },
  {
    code: 'MAR',
    boatWeight: 0,
    removalWeight: 12,
    languages: [['ar', 0.9], ['zgh', 0.25]],
    english: 0.15,
    french: 0.6,
    familyShare: 0,
    womanShare: 0.04,
    childAloneShare: 0,
    male: list('Mohamed/Mohammed, Youssef/Youssouf, Ayoub, Hamza, Mehdi, Hicham/Hisham, Rachid, Khalid, Omar, Anas, Ilyas/Ilias, Zakaria, Abdelilah, Soufiane, Othmane/Osman, Badr, Reda, Said'),
    female: list('Fatima Zahra, Khadija, Imane, Salma, Hajar, Meryem/Maryam, Nadia, Houda'),
    family: list('El Amrani/Amrani, Benjelloun, Alaoui, El Idrissi/Idrissi, Bennani, Tazi, Chraibi, Berrada, El Fassi, Ouazzani, Lahlou, Ziani, Belhaj, Bouzidi, El Mansouri, Naciri'),
  },
  {
    code: 'TUN',
    boatWeight: 0,
    removalWeight: 12,
    languages: [['ar', 1]],
    english: 0.15,
    french: 0.65,
    familyShare: 0,
    womanShare: 0.03,
    childAloneShare: 0,
    male: list('Mohamed/Mohammed, Ahmed, Ali, Aymen/Aymane, Oussama/Usama, Wassim/Wasim, Hamza, Skander/Iskander, Bilel/Bilal, Mahdi, Fares/Faris, Seif/Saif, Amine, Nizar, Karim, Marouane/Marwan'),
    female: list('Amira, Ines, Mariem/Maryam, Sarra, Rania, Nour, Yosra/Yusra, Asma'),
    family: list('Ben Ali, Trabelsi, Jaziri, Gharbi, Hammami, Ben Salah, Bouazizi, Chaabane/Chaabani, Mejri, Dridi, Ayari, Jlassi, Riahi, Sassi, Ben Ammar, Khemiri'),
  },
];

/** Centres in the north of France: removal centres (CRA) and reception centres near the coast. */
export const REMOVAL_CENTRES: [code: string, name: string][] = [
  ['CRA-LIL', 'CRA de Lille-Lesquin'],
  ['CRA-COQ', 'CRA de Coquelles'],
  ['CRA-ROU', 'CRA de Rouen-Oissel'],
  ['CRA-VIN', 'CRA de Paris-Vincennes'],
  ['CRA-MES', 'CRA du Mesnil-Amelot'],
  ['CRA-PLA', 'CRA de Plaisir'],
  ['CRA-PAL', 'CRA de Palaiseau'],
  ['CRA-MET', 'CRA de Metz-Queuleu'],
  ['CRA-REN', 'CRA de Rennes-Saint-Jacques'],
  ['CRA-GEN', 'CRA de Paris-Dépôt'],
  ['CRA-STR', 'CRA de Geispolsheim'],
  ['CRA-LYO', 'CRA de Lyon-Saint-Exupéry'],
];

export const RECEPTION_CENTRES: [code: string, name: string][] = [
  ['CAO-CAL', 'Centre d’accueil de Calais'],
  ['CAO-DUN', 'Centre d’accueil de Dunkerque'],
  ['CAO-GSY', 'Centre d’accueil de Grande-Synthe'],
  ['CAO-LOO', 'Centre d’accueil de Loon-Plage'],
  ['CAO-GRA', 'Centre d’accueil de Gravelines'],
  ['CAO-BOU', 'Centre d’accueil de Boulogne-sur-Mer'],
  ['CAO-WIM', 'Centre d’accueil de Wimereux'],
  ['CAO-BER', 'Centre d’accueil de Berck'],
  ['CAO-ETA', 'Centre d’accueil d’Étaples'],
  ['CAO-POR', 'Centre d’accueil du Portel'],
  ['CAO-SAN', 'Centre d’accueil de Sangatte'],
  ['CAO-OMR', 'Centre d’accueil de Saint-Omer'],
  ['CAO-ARR', 'Centre d’accueil d’Arras'],
  ['CAO-AMI', 'Centre d’accueil d’Amiens'],
  ['CAO-ABB', 'Centre d’accueil d’Abbeville'],
  ['CAO-MAR', 'Centre d’accueil de Marck'],
  ['CAO-AUD', 'Centre d’accueil d’Audruicq'],
  ['CAO-HAZ', 'Centre d’accueil d’Hazebrouck'],
];

export const BEACHES = list(
  'Gravelines, plage de Petit-Fort-Philippe; Gravelines, plage du Clipon; Loon-Plage; Dunkerque, digue de Malo; Zuydcoote; Bray-Dunes; Calais, plage de Blériot; Sangatte; Wissant; Audresselles; Ambleteuse; Wimereux, pointe aux Oies; Boulogne-sur-Mer, port; Le Portel; Équihen-Plage; Hardelot; Camiers; Berck-sur-Mer; Le Touquet; Merlimont; canal de l’Aa'.replace(/;/g, ','),
);

export const AGENCIES = [
  'Police aux frontières',
  'Gendarmerie nationale',
  'CRS',
  'Gendarmerie maritime',
  'Préfecture maritime — CROSS Gris-Nez',
  'Douanes',
];

export const COURTS = [
  'JLD — TJ de Lille',
  'JLD — TJ de Boulogne-sur-Mer',
  'JLD — TJ de Rouen',
  'JLD — TJ de Paris',
  'JLD — TJ de Meaux',
  'JLD — TJ de Versailles',
  'JLD — TJ de Metz',
  'JLD — TJ de Rennes',
  'JLD — TJ de Strasbourg',
  'JLD — TJ de Lyon',
];

/** Where people go when they leave, by exit reason (free text on the stay). */
export const DESTINATIONS: Record<string, string[]> = {
  removed: ['Éloigné — vol vers le pays d’origine', 'Éloigné — réadmission', 'Éloigné — escorté'],
  dublin_transfer: ['Transfert Dublin — Allemagne', 'Transfert Dublin — Italie', 'Transfert Dublin — Espagne', 'Transfert Dublin — Belgique', 'Transfert Dublin — Pays-Bas'],
  released_by_court: ['Libéré — ordonnance du JLD', 'Libéré — décision de la cour d’appel', 'Libéré — annulation par le tribunal administratif'],
  released_at_legal_limit: ['Libéré — fin de la durée légale'],
  moved_to_asylum_accommodation: ['HUDA de Lille', 'CADA d’Arras', 'CAES de Dunkerque', 'HUDA de Boulogne-sur-Mer', 'CADA de Rouen', 'PRAHDA de Calais'],
  absconded: ['Parti sans prévenir'],
  hospitalised: ['CH de Calais', 'CHU de Lille', 'CH de Boulogne-sur-Mer', 'CH de Dunkerque'],
  deceased: ['Décédé'],
  other: ['Départ volontaire', 'Hébergé par un proche', 'Mise à l’abri 115', 'Orienté vers un accueil de jour'],
};

export const SPEND_DESCRIPTIONS: Record<string, string[]> = {
  accommodation: ['Loyer et charges du bâtiment', 'Entretien des chambres', 'Literie et linge'],
  catering: ['Restauration collective', 'Petits-déjeuners', 'Repas froids pour les arrivées de nuit'],
  healthcare: ['Unité médicale — vacations', 'Pharmacie', 'Consultations psychologiques'],
  interpreting: ['Interprétariat par téléphone', 'Interprètes sur place'],
  legal_aid: ['Association d’aide juridique — convention', 'Permanence d’avocats'],
  transport: ['Transferts vers les centres', 'Escortes', 'Navettes vers la préfecture'],
  security: ['Gardiennage', 'Vidéosurveillance — maintenance', 'Contrôle d’accès'],
  staff: ['Salaires de l’équipe', 'Heures supplémentaires', 'Formation'],
  equipment: ['Caméras thermiques', 'Drone de surveillance côtière', 'Jumelles de vision nocturne', 'Matériel informatique'],
  other: ['Fournitures', 'Frais divers'],
};
